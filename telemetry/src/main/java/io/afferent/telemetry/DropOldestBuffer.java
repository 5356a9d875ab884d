package io.afferent.telemetry;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A bounded buffer that never blocks and never refuses: when it is full, the oldest element is pushed out
 * and handed to the drop handler (which counts it). Built on the JDK's lock-free
 * {@link ConcurrentLinkedDeque}; the bound is kept with a separate count, so with several producers at once
 * it may be exceeded by at most one element per producer for an instant.
 *
 * <p>Thread-safe: any number of producers ({@link #offer}) and one consumer ({@link #poll}, {@link #requeue}).
 */
final class DropOldestBuffer<T> {
    private final ConcurrentLinkedDeque<T> deque = new ConcurrentLinkedDeque<>();
    private final AtomicInteger size = new AtomicInteger();
    private final int capacity;
    private final Consumer<T> onDrop;

    DropOldestBuffer(int capacity, Consumer<T> onDrop) {
        if (capacity < 1) throw new IllegalArgumentException("capacity " + capacity);
        this.capacity = capacity;
        this.onDrop = onDrop;
    }

    /** Adds at the tail; if that makes the buffer overfull, the head (the oldest) is dropped. Never blocks. */
    void offer(T item) {
        deque.addLast(item);
        trim(size.incrementAndGet());
    }

    /** Puts back at the head an element taken with {@link #poll} that could not be delivered. */
    void requeue(T item) {
        deque.addFirst(item);
        trim(size.incrementAndGet());
    }

    private void trim(int newSize) {
        if (newSize > capacity) {
            T old = deque.pollFirst();
            if (old != null) {
                size.decrementAndGet();
                onDrop.accept(old);
            }
        }
    }

    /** The oldest element, or null when empty. */
    T poll() {
        T item = deque.pollFirst();
        if (item != null) {
            size.decrementAndGet();
        }
        return item;
    }

    int size() {
        return Math.max(0, size.get());
    }

    int capacity() {
        return capacity;
    }

    boolean isEmpty() {
        return deque.isEmpty();
    }
}
