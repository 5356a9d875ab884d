package io.afferent.runtime.fusion;

import io.afferent.runtime.sample.Sample;

/**
 * A bounded reorder window: preallocated copies of samples kept sorted by time of validity, released
 * oldest first once they are older than {@code newest - window}. Samples from different rings thus
 * reach the filter in time order as long as none is later than the window; later ones are still
 * handled, by the filter's rewind. Single thread: the stage thread.
 */
final class ReorderBuffer {
    private final Sample[] slots;
    private final long[] keys;
    private int size;

    ReorderBuffer(int capacity) {
        slots = new Sample[capacity];
        keys = new long[capacity];
        for (int i = 0; i < capacity; i++) {
            slots[i] = new Sample();
        }
    }

    boolean isFull() {
        return size == slots.length;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    /** Inserts a copy of {@code s} with time {@code key}, after any equal keys (stable). Caller ensures room. */
    void insert(Sample s, long key) {
        int i = size;
        Sample spare = slots[size];
        while (i > 0 && keys[i - 1] > key) {
            slots[i] = slots[i - 1];
            keys[i] = keys[i - 1];
            i--;
        }
        spare.copyFrom(s);
        slots[i] = spare;
        keys[i] = key;
        size++;
    }

    long oldestKey() {
        return keys[0];
    }

    Sample oldest() {
        return slots[0];
    }

    /** Removes the oldest entry; the returned sample stays valid until the next {@link #insert}. */
    Sample removeOldest() {
        Sample s = slots[0];
        System.arraycopy(slots, 1, slots, 0, size - 1);
        System.arraycopy(keys, 1, keys, 0, size - 1);
        size--;
        slots[size] = s;
        return s;
    }

    void clear() {
        size = 0;
    }
}
