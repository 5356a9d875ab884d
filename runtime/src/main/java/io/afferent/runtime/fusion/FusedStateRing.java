package io.afferent.runtime.fusion;

import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.SleepingWaitStrategy;

/**
 * The fusion stage's output ring: a single-producer Disruptor ring of preallocated {@link FusedState}s.
 * The stage never blocks on it: when a sink lags a whole ring behind, the new state is dropped and
 * counted ({@code published + dropped} = offered). Sinks read with their own {@link #newPoller()}.
 *
 * <p>Single writer: the stage thread calls {@link #publish}. Sinks poll from their own threads;
 * {@link #newPoller()} is called while the pipeline is built, before publishing starts.
 */
public final class FusedStateRing {
    private final RingBuffer<FusedState> ring;
    private volatile long dropped;

    public FusedStateRing(int size) {
        // Sleeping: its signalAllWhenBlocking is a no-op, so publishing never takes a lock.
        this.ring = RingBuffer.createSingleProducer(FusedState::new, size, new SleepingWaitStrategy());
    }

    /** Stage thread: copies {@code state} into the next slot and publishes it; false (counted) when full. */
    public boolean publish(FusedState state) {
        long seq;
        try {
            seq = ring.tryNext();
        } catch (InsufficientCapacityException e) {
            dropped++;
            return false;
        }
        FusedState slot = ring.get(seq);
        slot.copyFrom(state);
        slot.sequence = seq;
        ring.publish(seq);
        return true;
    }

    /** A poller for one sink; the ring then never overwrites what that sink has not read. */
    public EventPoller<FusedState> newPoller() {
        EventPoller<FusedState> poller = ring.newPoller();
        ring.addGatingSequences(poller.getSequence());
        return poller;
    }

    /** States published (the highest sequence + 1). Any thread. */
    public long published() {
        return ring.getCursor() + 1;
    }

    /** States dropped because a sink was a whole ring behind. Any thread. */
    public long dropped() {
        return dropped;
    }

    public int size() {
        return ring.getBufferSize();
    }

    public RingBuffer<FusedState> buffer() {
        return ring;
    }
}
