package io.afferent.api;

/**
 * A processing stage: subscribes topics, publishes topics ({@link StageSetup}), runs on its own thread
 * ({@code stage-NAME}) under a deadline budget per message. Every method is called on the stage's thread.
 */
public interface Stage {
    /**
     * Once, before the run's timeline starts. Exercise your own code on a detached copy (never the state, outputs
     * or counters the run uses), so that class loading and compilation happen now rather than as deadline misses.
     */
    default void warmUp() throws Exception {
    }

    /** Drops internal state after an error under the {@code restart} policy. */
    default void reset() {
    }

    /** After the inputs were drained at shutdown: publish anything held back. */
    default void flush() throws Exception {
    }

    /** Last call, after {@link #flush()}. */
    default void close() {
    }

    /**
     * Reporter thread, after an interval with deadline misses: where the time went inside the stage, or null.
     * May race with the stage thread; rate-limited by the caller.
     */
    default String overrunDetail(long nowNanos) {
        return null;
    }

    /** Reporter thread: appends a short live status (may race; should not allocate). */
    default void appendStatus(StringBuilder sb) {
    }
}
