package io.afferent.api;

/** A source sampled by its reader at the profile's {@code rate_hz} on an absolute timeline (simulated sensors, polled pins). */
public interface PeriodicSource<M> extends Source<M> {
    /**
     * Acquires one sample at {@code acquiredNanos} (the reader's clock reading at its wake-up) into {@code out},
     * already cleared. Must not allocate, block or log in steady state.
     *
     * @return false when there is nothing to publish this period (the slot is released, nothing is counted)
     */
    boolean sample(long acquiredNanos, M out) throws Exception;

    /**
     * Called after {@link #open} and before the timeline starts, one or more times with increasing times, the last
     * with the timeline's first deadline: a source whose state follows time brings itself up to just before
     * {@code nanos}, so that its first sample costs what every other does. Must not change any later sample.
     */
    default void advanceTo(long nanos) throws Exception {
    }
}
