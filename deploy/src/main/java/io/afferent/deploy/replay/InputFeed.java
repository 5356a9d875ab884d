package io.afferent.deploy.replay;

import io.afferent.api.MessageType;
import io.afferent.mcap.McapRecord;
import io.afferent.record.ExactCodec;

import java.util.Map;

/**
 * What one stage input is fed during replay: a recorded source topic, decoded into a ring of messages as large as
 * the topic's ring (so a stage that keeps a reference sees what it would live), or what an earlier replayed stage
 * published. {@link #load} finds a sequence and sets {@link #message} and its envelope. Single thread.
 */
final class InputFeed<M> {
    final String topic;
    private final TopicQueue recorded;
    private final ExactCodec<M> codec;
    private final Object[] ring;
    private final Map<Long, Object[]> replayed;
    Object message;
    long originNanos;
    long publishedNanos;
    int chain;

    private InputFeed(String topic, TopicQueue recorded, MessageType<M> type, int ringSize, Map<Long, Object[]> replayed) {
        this.topic = topic;
        this.recorded = recorded;
        this.codec = recorded == null ? null : new ExactCodec<>(type);
        this.ring = new Object[recorded == null ? 0 : Math.max(1, ringSize)];
        for (int i = 0; i < ring.length; i++) {
            ring[i] = type.create();
        }
        this.replayed = replayed;
    }

    static <M> InputFeed<M> recorded(String topic, TopicQueue queue, MessageType<M> type, int ringSize) {
        return new InputFeed<>(topic, queue, type, ringSize, null);
    }

    static <M> InputFeed<M> replayed(String topic, MessageType<M> type, Map<Long, Object[]> published) {
        return new InputFeed<>(topic, null, type, 0, published);
    }

    boolean fromRecording() {
        return recorded != null;
    }

    /** Finds message {@code sequence}; false when there is none (not recorded, or not published by replay). */
    @SuppressWarnings("unchecked")
    boolean load(long sequence) throws Replay.ReplayException {
        if (recorded == null) {
            Object[] e = replayed.remove(sequence);
            if (e == null) {
                return false;
            }
            long[] env = (long[]) e[1];
            message = e[0];
            originNanos = env[0];
            publishedNanos = env[1];
            chain = (int) env[2];
            return true;
        }
        McapRecord.Message m = recorded.take(sequence);
        if (m == null) {
            return false;
        }
        M out = (M) ring[(int) Long.remainderUnsigned(sequence, ring.length)];
        ExactCodec.Envelope e;
        try {
            e = codec.decode(m.data(), out);
        } catch (RuntimeException ex) {
            throw new Replay.ReplayException("topic '" + topic + "': a recorded message does not match the schema of "
                    + codec.type().name() + " (" + ex.getMessage() + ")");
        }
        message = out;
        originNanos = e.originNanos();
        publishedNanos = e.publishedNanos();
        chain = e.chain();
        return true;
    }
}
