package io.afferent.runtime.topic;

/**
 * One preallocated entry of a topic's ring: the envelope (sequence, origin, publication time, chain) and the
 * message, filled in place by the topic's one publisher and read in place by its subscribers.
 *
 * <p>Single writer (the publisher, until publication); afterwards read-only until the slot is reused. Public
 * fields on purpose: a hot-path value holder, like a Disruptor event.
 */
public final class Slot<M> {
    /** Sequence on the topic, counting dropped publications too (so gaps are visible); -1 marks an abandoned slot. */
    public long sequence;
    /** Acquisition time of the sensor sample that caused this message (run clock). */
    public long originNanos;
    /** When it was published on this topic (run clock). */
    public long publishedNanos;
    /** The chain it travels ({@link ChainTable}). */
    public int chain;
    public final M message;

    public Slot(M message) {
        this.message = message;
    }
}
