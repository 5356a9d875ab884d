package io.afferent.runtime.source;

import io.afferent.runtime.sample.Sample;

/** A source sampled by its reader at a fixed rate (simulated sensors, polled pins). */
public interface PeriodicSource extends Source {
    /**
     * Acquires one sample at {@code acquiredNanos} into {@code out}, which the reader has already reset
     * to {@link #kind()} and stamped. Must not allocate, block or log in steady state.
     */
    void sample(long acquiredNanos, Sample out) throws Exception;

    /**
     * Called on the reader thread after {@link #open} and before the timeline starts, one or more times
     * with increasing times, the last with the timeline's first deadline: a source whose state follows
     * time (a simulated sensor stepping its models from the start of its world) brings itself up to
     * just before {@code nanos} now, so that the first sample costs what every other sample costs. Must
     * leave the output of every later sample unchanged.
     */
    default void advanceTo(long nanos) throws Exception {
    }
}
