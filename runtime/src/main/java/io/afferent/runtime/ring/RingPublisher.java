package io.afferent.runtime.ring;

import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import io.afferent.config.Overflow;
import io.afferent.runtime.clock.NanoClock;
import io.afferent.runtime.sample.Sample;
import io.afferent.runtime.source.SampleSink;
import io.afferent.runtime.source.SourceStats;

import java.util.function.BooleanSupplier;

/**
 * The publishing side of a {@link SampleRing}: claims a slot, lets the source fill it in place and
 * publishes it. Under {@link Overflow#DROP} a full ring never blocks: the sample goes to a scratch
 * entry and is counted as dropped, so that {@code samples == consumed + dropped} holds exactly. Under
 * {@link Overflow#BLOCK} it waits for space while the run is live (for file replay).
 *
 * <p>Single writer: the source's reader thread. Allocation-free.
 */
public final class RingPublisher implements SampleSink {
    private final RingBuffer<Sample> ring;
    private final int sourceId;
    private final SampleRing sampleRing;
    private final Overflow overflow;
    private final NanoClock clock;
    private final SourceStats stats;
    private final BooleanSupplier running;
    private final Sample scratch = new Sample();
    private long claimedSequence = -1;
    private Sample claimed;
    private long nextSampleNumber;
    private long lastAcquiredNanos = Long.MIN_VALUE;
    private boolean first = true;

    public RingPublisher(SampleRing ring, Overflow overflow, NanoClock clock, SourceStats stats, BooleanSupplier running) {
        this.sampleRing = ring;
        this.ring = ring.buffer();
        this.sourceId = ring.sourceId();
        this.overflow = overflow;
        this.clock = clock;
        this.stats = stats;
        this.running = running;
    }

    @Override
    public Sample claim() {
        if (claimed != null) {
            throw new IllegalStateException("claim() twice without publish() on " + sampleRing.name());
        }
        long seq = tryClaim();
        if (seq < 0 && overflow == Overflow.BLOCK) {
            while (seq < 0 && running.getAsBoolean()) {
                Thread.onSpinWait();
                java.util.concurrent.locks.LockSupport.parkNanos(10_000);
                seq = tryClaim();
            }
        }
        claimedSequence = seq;
        Sample s = seq >= 0 ? ring.get(seq) : scratch;
        s.reset(sampleRing.kind());
        s.sourceId = sourceId;
        s.sequence = nextSampleNumber++;
        claimed = s;
        return s;
    }

    private long tryClaim() {
        try {
            return ring.tryNext();
        } catch (InsufficientCapacityException full) {
            return -1;
        }
    }

    @Override
    public void publish() {
        Sample s = claimed;
        if (s == null) {
            throw new IllegalStateException("publish() without claim() on " + sampleRing.name());
        }
        claimed = null;
        long acquired = s.acquiredNanos;
        if (lastAcquiredNanos != Long.MIN_VALUE) {
            stats.interval().record(acquired - lastAcquiredNanos);
        }
        lastAcquiredNanos = acquired;
        stats.samples.increment();
        if (claimedSequence >= 0) {
            long now = clock.nanoTime();
            s.publishedNanos = now;
            ring.publish(claimedSequence);
            stats.publish().record(now - acquired);
            if (first) {
                first = false;
                stats.firstPublished(now);
            }
        } else {
            stats.dropped.increment();
        }
    }

    /** Abandons a claim after the source failed while filling it; a claimed ring slot is published as empty. */
    public void abandon() {
        if (claimed == null) {
            return;
        }
        if (claimedSequence >= 0) {
            // A claimed Disruptor slot must be published; mark it so that the consumer skips it.
            claimed.sequence = -1;
            claimed.publishedNanos = clock.nanoTime();
            ring.publish(claimedSequence);
        }
        claimed = null;
    }
}
