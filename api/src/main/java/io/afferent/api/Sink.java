package io.afferent.api;

/**
 * A lagging subscriber: reads a topic on its own thread, behind the publishers, never slowing them. Messages it
 * could not read before they were overwritten are counted as its drops ({@code published == consumed + dropped}).
 * Every method is called on the sink's thread.
 */
public interface Sink<M> extends Handler<M> {
    /** Called when no message is waiting (about every 5 ms): flush by time here. */
    default void idle(long nowNanos) throws Exception {
    }

    /**
     * Called once at set-up with the count of messages this sink lost on its topic (overwritten before it read
     * them); read it at the end of the run. Set-up thread.
     */
    default void lossCounter(Counter dropped) {
    }

    /** At the end of the run, after the last message. */
    default void close() throws Exception {
    }
}
