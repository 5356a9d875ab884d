package io.afferent.api;

/**
 * The envelope of the message being handled: where it came from and when. Valid only during the
 * {@link Handler#onMessage} call that receives it. Single thread: the consuming stage's or sink's.
 */
public interface Input {
    /** The topic the message arrived on. */
    String topic();

    /** Acquisition time (run clock) of the sensor sample that caused this message, carried through every hop. */
    long originNanos();

    /** When the message was published on this topic (run clock). */
    long publishedNanos();

    /** Sequence number on this topic: 0, 1, 2... counting dropped messages too, so gaps are visible. */
    long sequence();

    /** The chain this message travels (source → stage → ...), an opaque id to pass to {@link Output#publish(long, int)}. */
    int chain();
}
