package io.afferent.runtime.ring;

import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.WaitStrategy;
import io.afferent.runtime.sample.Sample;
import io.afferent.runtime.sample.SampleKind;

/**
 * The single-producer Disruptor ring of one source: preallocated {@link Sample}s, one publisher (the
 * source's reader, through {@link RingPublisher}) and one consumer (the stage that reads the source,
 * through {@link #newPoller()}).
 */
public final class SampleRing {
    private final String name;
    private final int sourceId;
    private final SampleKind kind;
    private final RingBuffer<Sample> ring;

    /**
     * @param wakeup the ring's Disruptor wait strategy; only its {@code signalAllWhenBlocking} is used,
     *               to wake a consumer that blocks (see {@code StageWakeup})
     */
    public SampleRing(String name, int sourceId, SampleKind kind, int size, WaitStrategy wakeup) {
        this.name = name;
        this.sourceId = sourceId;
        this.kind = kind;
        this.ring = RingBuffer.createSingleProducer(Sample::new, size, wakeup);
    }

    public String name() {
        return name;
    }

    public int sourceId() {
        return sourceId;
    }

    public SampleKind kind() {
        return kind;
    }

    public int size() {
        return ring.getBufferSize();
    }

    /** The Disruptor ring itself (for the publisher and tests). */
    public RingBuffer<Sample> buffer() {
        return ring;
    }

    /** Highest published sequence (-1 before the first). Any thread. */
    public long cursor() {
        return ring.getCursor();
    }

    /** Creates the consumer's poller and makes the ring wait for it (gating). Call once, before publishing starts. */
    public EventPoller<Sample> newPoller() {
        EventPoller<Sample> poller = ring.newPoller();
        ring.addGatingSequences(poller.getSequence());
        return poller;
    }
}
