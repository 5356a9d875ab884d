package io.afferent.api;

/**
 * A topic a stage publishes: {@link #claim()}, fill in place, {@link #publish()}. When the topic's ring is full
 * (a subscriber that may not lose messages has fallen a whole ring behind) the claimed message is a scratch one
 * and the publication is counted as dropped: a stage never waits. Single thread: the stage's.
 */
public interface Output<M> {
    /** The topic's name. */
    String topic();

    MessageType<M> type();

    /** A cleared message to fill; must be followed by {@link #publish} or {@link #abandon}. */
    M claim();

    /**
     * Publishes the claimed message as caused by the input being handled now: its origin (acquisition time) and
     * chain travel on. Outside a handler call (e.g. in {@link Stage#flush()}) use {@link #publish(long, int)}.
     */
    void publish();

    /** Publishes the claimed message as caused by an earlier input (a stage that holds inputs back, e.g. to reorder). */
    void publish(long originNanos, int chain);

    /** Gives the claimed message back unpublished. */
    void abandon();
}
