package io.afferent.runtime.topic;

import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.WaitStrategy;
import io.afferent.api.MessageType;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * A named, typed topic: one single-producer Disruptor ring of preallocated {@link Slot}s, one publisher
 * ({@link TopicWriter}), any number of subscribers. Stages are <em>gating</em> subscribers: the ring never
 * overwrites what they have not read, so when one falls a whole ring behind the publisher drops (and counts) new
 * messages instead of waiting. Sinks (recorder, CSV, scoring, telemetry) are <em>lagging</em> subscribers
 * ({@link LaggingReader}): they never gate the ring; what is overwritten before they read it is their own loss.
 *
 * <p>For lagging subscribers the publisher announces the sequence it is about to overwrite ({@link #writing()})
 * before it touches the slot, a seqlock that lets a reader detect a slot overwritten while it copied it.
 */
public final class Topic<M> {
    private static final VarHandle WRITING;

    static {
        try {
            WRITING = MethodHandles.lookup().findVarHandle(Topic.class, "writing", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String name;
    private final MessageType<M> type;
    private final String publisher;
    private final RingBuffer<Slot<M>> ring;
    private final List<String> gatingSubscribers = new ArrayList<>();
    private final List<LaggingReader<M>> laggingSubscribers = new ArrayList<>();
    private boolean hasLagging;
    /** Highest sequence whose slot the publisher has started to fill (for lagging readers); -1 before the first. */
    @SuppressWarnings("unused") // through WRITING
    private volatile long writing = -1;

    /**
     * @param wakeup the ring's Disruptor wait strategy; only its {@code signalAllWhenBlocking} is used, to wake a
     *               stage that blocks
     */
    public Topic(String name, MessageType<M> type, String publisher, int size, WaitStrategy wakeup) {
        this.name = name;
        this.type = type;
        this.publisher = publisher;
        this.ring = RingBuffer.createSingleProducer(() -> new Slot<>(type.create()), size, wakeup);
    }

    public String name() {
        return name;
    }

    public MessageType<M> type() {
        return type;
    }

    /** {@code "source NAME"} or {@code "stage NAME"}. */
    public String publisher() {
        return publisher;
    }

    public int size() {
        return ring.getBufferSize();
    }

    public RingBuffer<Slot<M>> buffer() {
        return ring;
    }

    /** Highest published sequence (-1 before the first). Any thread. */
    public long cursor() {
        return ring.getCursor();
    }

    /** A gating subscriber's poller. Call before publishing starts (set-up thread). */
    public EventPoller<Slot<M>> newGatingPoller(String subscriber) {
        EventPoller<Slot<M>> poller = ring.newPoller();
        ring.addGatingSequences(poller.getSequence());
        gatingSubscribers.add(subscriber);
        return poller;
    }

    /** A lagging subscriber. Call before publishing starts (set-up thread). */
    public LaggingReader<M> newLaggingReader(String subscriber) {
        LaggingReader<M> r = new LaggingReader<>(this, subscriber);
        laggingSubscribers.add(r);
        hasLagging = true;
        return r;
    }

    public List<String> gatingSubscribers() {
        return List.copyOf(gatingSubscribers);
    }

    public List<LaggingReader<M>> laggingSubscribers() {
        return List.copyOf(laggingSubscribers);
    }

    /** Whether the publisher must announce overwrites (some subscriber lags). Fixed after set-up. */
    boolean hasLagging() {
        return hasLagging;
    }

    /**
     * Publisher thread, before filling the slot of {@code sequence}: makes the overwrite visible to lagging readers
     * before any store into the slot (release store, then a store-store fence).
     */
    void announceWrite(long sequence) {
        WRITING.setRelease(this, sequence);
        VarHandle.storeStoreFence();
    }

    /** Lagging reader, after copying a slot and a load-load fence: the highest sequence being (over)written. */
    long writing() {
        return (long) WRITING.getAcquire(this);
    }
}
