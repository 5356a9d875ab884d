package io.afferent.api;

/** A source sampled by its reader at the profile's {@code rate_hz} on an absolute timeline (simulated sensors, polled pins). */
public interface PeriodicSource<M> extends Source<M> {
    /**
     * Acquires one sample at {@code acquiredNanos} (the reader's clock reading at its wake-up) into {@code out},
     * already cleared. For a source that {@linkplain #heldSamples holds samples}, a reader that woke late first asks
     * for the periods it missed, with each period's point of the timeline as {@code acquiredNanos} (earlier than the
     * clock): the source fills in the sample it acquired then. Times only increase from one call to the next.
     * Must not allocate, block or log in steady state.
     *
     * @return false when there is nothing to publish this period (the slot is released, nothing is counted)
     */
    boolean sample(long acquiredNanos, M out) throws Exception;

    /**
     * How many of its latest samples this source still holds for a reader that wakes up late. 0 (the default): none,
     * and the reader skips the periods it missed (counted as {@code missed_periods}). A source that keeps sampling on
     * its own (a simulated sensor, a real IMU with a FIFO) returns how many it keeps: after a late wake-up its reader
     * then delivers each missed period's sample, oldest first, stamped with that period's point of the timeline: up
     * to this many, at most two seconds of them and at most half the source's ring (counted as {@code caught_up};
     * older ones are missed periods). Read after each {@link #open}.
     */
    default int heldSamples() {
        return 0;
    }

    /**
     * Called after {@link #open} and before the timeline starts, one or more times with increasing times, the last
     * with the timeline's first deadline: a source whose state follows time brings itself up to just before
     * {@code nanos}, so that its first sample costs what every other does. Must not change any later sample.
     */
    default void advanceTo(long nanos) throws Exception {
    }
}
