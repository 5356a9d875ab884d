package io.afferent.runtime.topic;

import com.lmax.disruptor.RingBuffer;
import io.afferent.api.Input;
import io.afferent.api.MessageType;
import io.afferent.runtime.timing.Counter;

import java.lang.invoke.VarHandle;

/**
 * A subscriber that may lag (recorder, CSV writer, scoring, telemetry, display): it reads a topic without gating
 * its ring, so it never makes the publisher wait or lose a message. It copies each slot into a private message,
 * then checks with the topic's seqlock ({@link Topic#writing()}) that the publisher did not start to overwrite the
 * slot meanwhile; a message overwritten before or while it was read is counted in {@link #dropped}. So
 * {@code consumed + dropped} equals what was published into the ring, exactly.
 *
 * <p>Single thread: the subscriber's. Allocation-free after construction.
 */
public final class LaggingReader<M> implements Input {
    /** Handles one copied message; {@code input} describes its envelope. */
    public interface Handler<M> {
        void onMessage(M message, Input input) throws Exception;
    }

    private final Topic<M> topic;
    private final String subscriber;
    private final RingBuffer<Slot<M>> ring;
    private final MessageType<M> type;
    private final int size;
    private final M copy;
    public final Counter consumed = new Counter("consumed");
    public final Counter dropped = new Counter("dropped");
    private long next;
    private long sequence;
    private long originNanos;
    private long publishedNanos;
    private int chain;

    LaggingReader(Topic<M> topic, String subscriber) {
        this.topic = topic;
        this.subscriber = subscriber;
        this.ring = topic.buffer();
        this.type = topic.type();
        this.size = ring.getBufferSize();
        this.copy = type.create();
    }

    public String subscriber() {
        return subscriber;
    }

    public Topic<M> topicRef() {
        return topic;
    }

    /**
     * Reads up to {@code limit} messages and hands each to {@code handler}.
     *
     * @return how many sequences it went through (handled or lost); 0 when nothing was new
     */
    public int poll(Handler<M> handler, int limit) throws Exception {
        int work = 0;
        while (work < limit) {
            long cursor = ring.getCursor();
            if (next > cursor) {
                return work;
            }
            long oldest = cursor - size + 1;
            if (next < oldest) {
                dropped.add(oldest - next);
                work += (int) Math.min(Integer.MAX_VALUE - work, oldest - next);
                next = oldest;
            }
            Slot<M> s = ring.get(next);
            sequence = s.sequence;
            originNanos = s.originNanos;
            publishedNanos = s.publishedNanos;
            chain = s.chain;
            type.copy(s.message, copy);
            VarHandle.loadLoadFence();
            long writing = topic.writing();
            long seq = next++;
            work++;
            if (writing - seq >= size) {
                dropped.increment(); // overwritten while we copied it
                continue;
            }
            consumed.increment();
            handler.onMessage(copy, this);
        }
        return work;
    }

    /** Whether messages are waiting. Any thread. */
    public boolean hasPending() {
        return next <= ring.getCursor();
    }

    @Override
    public String topic() {
        return topic.name();
    }

    @Override
    public long originNanos() {
        return originNanos;
    }

    @Override
    public long publishedNanos() {
        return publishedNanos;
    }

    @Override
    public long sequence() {
        return sequence;
    }

    @Override
    public int chain() {
        return chain;
    }
}
