package io.afferent.runtime.source;

import io.afferent.runtime.sample.Sample;

/** A source sampled by its reader at a fixed rate (simulated sensors, polled pins). */
public interface PeriodicSource extends Source {
    /**
     * Acquires one sample at {@code acquiredNanos} into {@code out}, which the reader has already reset
     * to {@link #kind()} and stamped. Must not allocate, block or log in steady state.
     */
    void sample(long acquiredNanos, Sample out) throws Exception;
}
