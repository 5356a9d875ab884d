package io.afferent.runtime.topic;

import io.afferent.runtime.timing.Counter;

/** Counts of one topic's publisher. Single writer: the publisher's thread; any thread reads. */
public final class TopicStats {
    /** Publications attempted, ring full or not: {@code published == in the ring + dropped}. */
    public final Counter published = new Counter("published");
    /** Publications dropped because a gating subscriber was a whole ring behind. */
    public final Counter dropped = new Counter("dropped");
}
