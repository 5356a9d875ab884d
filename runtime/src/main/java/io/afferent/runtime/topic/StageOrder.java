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
    /** How many clock readings the stage made while it handled the message; the first 16 are in {@link #clock}. */
    public int clockReads;
    /** The stage's clock readings during the handling, in order. */
    public final long[] clock = new long[io.afferent.runtime.clock.RecordingClock.MAX_READS];
}
