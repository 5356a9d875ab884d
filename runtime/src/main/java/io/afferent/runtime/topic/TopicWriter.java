package io.afferent.runtime.topic;

import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import io.afferent.api.MessageType;
import io.afferent.api.Output;
import io.afferent.api.StreamOutput;
import io.afferent.config.Overflow;
import io.afferent.runtime.clock.NanoClock;
import io.afferent.runtime.timing.SourceStats;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The publishing side of a {@link Topic}: claims a slot, lets the source or stage fill the message in place, and
 * publishes it with its envelope. Under {@link Overflow#DROP} a full ring never blocks: the message goes to a
 * scratch slot and is counted as dropped, so {@code published == in the ring + dropped} holds exactly. Under
 * {@link Overflow#BLOCK} it waits for space while the run is live (file replay).
 *
 * <p>Single writer: the source's reader thread, or the stage's thread. Allocation-free.
 */
public final class TopicWriter<M> implements StreamOutput<M>, Output<M> {
    private final Topic<M> topic;
    private final RingBuffer<Slot<M>> ring;
    private final MessageType<M> type;
    private final Overflow overflow;
    private final NanoClock clock;
    private final BooleanSupplier running;
    private final TopicStats stats;
    private final SourceStats sourceStats;
    private final int rootChain;
    private final Provenance provenance;
    private final Slot<M> scratch;
    private long claimedSequence = -1;
    /** A ring slot claimed and then abandoned: reused by the next claim, so that no empty slot is ever published. */
    private long reservedSequence = -1;
    private Slot<M> claimed;
    private long nextSequence;
    private long lastAcquiredNanos = Long.MIN_VALUE;
    private boolean first = true;

    /** A source's writer: {@code sourceStats} gets the reader's bookkeeping; every message starts chain {@code rootChain}. */
    public static <M> TopicWriter<M> forSource(Topic<M> topic, Overflow overflow, NanoClock clock, BooleanSupplier running,
                                               TopicStats stats, SourceStats sourceStats, int rootChain) {
        return new TopicWriter<>(topic, overflow, clock, running, stats, sourceStats, rootChain, null);
    }

    /** A stage's writer: origin and chain come from the input the stage is handling ({@code provenance}). */
    public static <M> TopicWriter<M> forStage(Topic<M> topic, NanoClock clock, TopicStats stats, Provenance provenance) {
        return new TopicWriter<>(topic, Overflow.DROP, clock, () -> true, stats, null, 0, provenance);
    }

    private TopicWriter(Topic<M> topic, Overflow overflow, NanoClock clock, BooleanSupplier running, TopicStats stats,
                        SourceStats sourceStats, int rootChain, Provenance provenance) {
        this.topic = topic;
        this.ring = topic.buffer();
        this.type = topic.type();
        this.overflow = overflow;
        this.clock = clock;
        this.running = running;
        this.stats = stats;
        this.sourceStats = sourceStats;
        this.rootChain = rootChain;
        this.provenance = provenance;
        this.scratch = new Slot<>(type.create());
    }

    @Override
    public String topic() {
        return topic.name();
    }

    @Override
    public MessageType<M> type() {
        return type;
    }

    public Topic<M> topicRef() {
        return topic;
    }

    public TopicStats stats() {
        return stats;
    }

    @Override
    public M claim() {
        if (claimed != null) {
            throw new IllegalStateException("claim() twice without publish() on topic " + topic.name());
        }
        long seq = reservedSequence >= 0 ? reservedSequence : tryClaim();
        reservedSequence = -1;
        if (seq < 0 && overflow == Overflow.BLOCK) {
            while (seq < 0 && running.getAsBoolean()) {
                LockSupport.parkNanos(10_000);
                seq = tryClaim();
            }
        }
        claimedSequence = seq;
        Slot<M> s;
        if (seq >= 0) {
            if (topic.hasLagging()) {
                topic.announceWrite(seq);
            }
            s = ring.get(seq);
        } else {
            s = scratch;
        }
        type.clear(s.message);
        claimed = s;
        return s.message;
    }

    private long tryClaim() {
        try {
            return ring.tryNext();
        } catch (InsufficientCapacityException full) {
            return -1;
        }
    }

    /** Source: publishes the claimed message acquired at {@code acquiredNanos}. */
    @Override
    public void publish(long acquiredNanos) {
        if (sourceStats != null) {
            if (lastAcquiredNanos != Long.MIN_VALUE) {
                sourceStats.interval().record(acquiredNanos - lastAcquiredNanos);
            }
            lastAcquiredNanos = acquiredNanos;
            sourceStats.samples.increment();
        }
        publish(acquiredNanos, rootChain);
    }

    /** Stage: publishes as caused by the input being handled. */
    @Override
    public void publish() {
        publish(provenance.originNanos, provenance.chain);
    }

    @Override
    public void publish(long originNanos, int chain) {
        Slot<M> s = claimed;
        if (s == null) {
            throw new IllegalStateException("publish() without claim() on topic " + topic.name());
        }
        claimed = null;
        stats.published.increment();
        if (provenance != null) {
            provenance.published++;
        }
        s.sequence = nextSequence++;
        if (claimedSequence >= 0) {
            long now = clock.nanoTime();
            s.originNanos = originNanos;
            s.publishedNanos = now;
            s.chain = chain;
            ring.publish(claimedSequence);
            if (sourceStats != null) {
                sourceStats.publish().record(now - originNanos);
                if (first) {
                    first = false;
                    sourceStats.firstPublished(now);
                }
            }
        } else {
            stats.dropped.increment();
            if (sourceStats != null) {
                sourceStats.dropped.increment();
            }
        }
    }

    /**
     * Gives back a claim (a bad frame, a source that failed while filling it). A claimed ring slot cannot be
     * un-claimed; it is kept and reused by the next claim, so subscribers never see an empty slot and the accounting
     * stays exact.
     */
    @Override
    public void abandon() {
        if (claimed == null) {
            return;
        }
        if (claimedSequence >= 0) {
            reservedSequence = claimedSequence;
        }
        claimed = null;
    }
}
