package io.afferent.api;

/**
 * Where a {@link StreamSource} puts its messages: {@link #claim()}, fill, {@link #publish(long)}, one at a time.
 * When the topic's ring is full the claimed message is a scratch one that {@code publish} counts as dropped: the
 * reader never blocks. Single thread: the source's reader thread.
 */
public interface StreamOutput<M> {
    /** A cleared message to fill in place. */
    M claim();

    /** Publishes the claimed message; {@code acquiredNanos} is when its first byte arrived (the run's clock). */
    void publish(long acquiredNanos);

    /** Gives back a claimed message without publishing it (a frame that turned out bad). */
    void abandon();
}
