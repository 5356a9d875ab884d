package io.afferent.runtime.stage;

import io.afferent.runtime.sample.Sample;

/**
 * The work of a processing stage (fusion, filtering...). Single thread: the stage thread calls every
 * method. Must not allocate, block or log per sample in steady state.
 */
public interface StageProcessor {
    /**
     * Handles one sample from one of the stage's inputs.
     *
     * @return true when the sample produced an output (its end-to-end latency is then recorded)
     */
    boolean onSample(Sample sample) throws Exception;

    /**
     * Called once on the stage thread before the run's timeline starts. A processor exercises its own code
     * on a detached copy (never the state, output or counters the run uses), so that loading, linking and
     * compiling its path happen now rather than as deadline misses in the run's first second.
     */
    default void warmUp() throws Exception {
    }

    /** Drops internal state after an error, under the {@code restart} policy. */
    default void reset() {
    }

    /** Called once after the inputs were drained at shutdown: process anything held back (a reorder window). */
    default void flush() {
    }

    /**
     * Reporter thread, after an interval in which the stage missed its deadline: where the time went
     * inside the stage (per step), or null when there is nothing to add. Rate-limited by the caller.
     */
    default String overrunDetail(long nowNanos) {
        return null;
    }

    /** Processor-specific counts for the report; read by the pipeline's thread after the stage ended. */
    default java.util.Map<String, Long> counters() {
        return java.util.Map.of();
    }

    /**
     * Appends a one-line summary of the current output to the live status (called by the reporter, may race).
     * Should not allocate: the status is built once a second for as long as the run lasts.
     */
    default void appendStatus(StringBuilder sb) {
    }
}
