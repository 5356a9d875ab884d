package io.afferent.fusion;

/**
 * A bounded reorder window: preallocated copies of inputs kept sorted by time of validity, released
 * oldest first once they are older than {@code newest - window}. Inputs from different topics thus
 * reach the filter in time order as long as none is later than the window; later ones are still
 * handled, by the filter's rewind. Single thread: the stage thread.
 */
final class ReorderBuffer {
    private final HeldInput[] slots;
    private final long[] keys;
    private int size;

    ReorderBuffer(int capacity) {
        slots = new HeldInput[capacity];
        keys = new long[capacity];
        for (int i = 0; i < capacity; i++) {
            slots[i] = new HeldInput();
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

    /** The free slot to fill before {@link #insertSpare}. Caller ensures room. */
    HeldInput spare() {
        return slots[size];
    }

    /** Inserts the filled {@link #spare()} with time {@code key}, after any equal keys (stable). */
    void insertSpare(long key) {
        int i = size;
        HeldInput spare = slots[size];
        while (i > 0 && keys[i - 1] > key) {
            slots[i] = slots[i - 1];
            keys[i] = keys[i - 1];
            i--;
        }
        slots[i] = spare;
        keys[i] = key;
        size++;
    }

    long oldestKey() {
        return keys[0];
    }

    HeldInput oldest() {
        return slots[0];
    }

    /** Removes the oldest entry; the returned input stays valid until the next {@link #insertSpare}. */
    HeldInput removeOldest() {
        HeldInput s = slots[0];
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
