package io.afferent.runtime.topic;

import io.afferent.api.MessageType;

/**
 * One message a stage handled, in the order it handled them: the index of the input (in the profile's
 * {@code inputs:}) and the message's sequence on that topic. Published on {@code STAGE/order} only while a run is
 * recorded, so that replay feeds a stage its inputs in exactly the recorded order.
 */
public final class StageOrder {
    public static final MessageType<StageOrder> TYPE = MessageType.of("stage-order", StageOrder.class);
    /** Topic name suffix: the order of stage {@code fusion} is on {@code fusion/order}. */
    public static final String SUFFIX = "/order";

    public int input;
    public long sequence;
    /**
     * When the stage began to handle the message (the run's clock; never before the message was published). Replay
     * orders the handlings of all stages by it, which keeps every chain causal: the handling that published a message
     * began before any handling of that message. (The order message itself is published after the handling, so its
     * publication times of two chained stages may cross.)
     */
    public long startedNanos;
    /** How many clock readings the stage made while it handled the message; the first 16 are in {@link #clock}. */
    public int clockReads;
    /** The stage's clock readings during the handling, in order. */
    public final long[] clock = new long[io.afferent.runtime.clock.RecordingClock.MAX_READS];
}
