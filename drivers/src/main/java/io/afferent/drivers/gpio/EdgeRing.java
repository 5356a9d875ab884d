package io.afferent.drivers.gpio;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded single-producer/single-consumer queue of pin edges (sequence, level, timestamp), to hand
 * edges from a Pi4J listener thread to the reader thread without blocking or allocating.
 *
 * <p>Single producer: the one thread that delivers this pin's events (Pi4J gpiod runs one monitor
 * thread per input line; the mock provider calls listeners on the thread that changes the pin).
 * Single consumer: the source's reader thread.
 *
 * <p>Correctness (Lamport's SPSC queue): only the producer writes {@code tail} and the slots at
 * {@code tail}; only the consumer writes {@code head}. The producer fills a slot, then publishes it by
 * a release store of {@code tail}; the consumer's acquire load of {@code tail} therefore sees the slot's
 * contents. The consumer reads a slot, then frees it by a release store of {@code head}; the producer's
 * acquire load of {@code head} ensures it never overwrites a slot still being read. A full queue
 * rejects the edge ({@link #offer} returns false) and the caller counts it; the decoder then sees a
 * repeated level and counts an illegal transition.
 */
public final class EdgeRing {
    private final long[] keys;   // sequence << 1 | level
    private final long[] times;
    private final int mask;
    private final AtomicLong head = new AtomicLong();
    private final AtomicLong tail = new AtomicLong();
    private long cachedHead;     // producer's view of head, refreshed only when the queue looks full

    /** @param capacity a power of two */
    public EdgeRing(int capacity) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two: " + capacity);
        }
        keys = new long[capacity];
        times = new long[capacity];
        mask = capacity - 1;
    }

    /** Producer: enqueues one edge; false when full. Never blocks, never allocates. */
    public boolean offer(long sequence, boolean level, long nanos) {
        long t = tail.getPlain();
        if (t - cachedHead > mask) {
            cachedHead = head.getAcquire();
            if (t - cachedHead > mask) {
                return false;
            }
        }
        int i = (int) t & mask;
        keys[i] = sequence << 1 | (level ? 1 : 0);
        times[i] = nanos;
        tail.setRelease(t + 1);
        return true;
    }

    /** Consumer: whether an edge is waiting. */
    public boolean isEmpty() {
        return head.getPlain() == tail.getAcquire();
    }

    /** Consumer: sequence number of the oldest edge; only when not {@link #isEmpty()}. */
    public long peekSequence() {
        return keys[(int) head.getPlain() & mask] >>> 1;
    }

    /** Consumer: level of the oldest edge; only when not {@link #isEmpty()}. */
    public boolean peekLevel() {
        return (keys[(int) head.getPlain() & mask] & 1) != 0;
    }

    /** Consumer: timestamp of the oldest edge; only when not {@link #isEmpty()}. */
    public long peekNanos() {
        return times[(int) head.getPlain() & mask];
    }

    /** Consumer: drops the oldest edge after reading it. */
    public void remove() {
        head.setRelease(head.getPlain() + 1);
    }

    public int capacity() {
        return mask + 1;
    }
}
