package io.afferent.fusion;

/**
 * The filter's recent past: every fused measurement in time order, with the filter state right after
 * it, so that a late measurement can be inserted at its time of validity and everything after it
 * re-applied (buffered states and re-propagation). Preallocated parallel arrays; when full, the
 * oldest quarter is forgotten at once (amortised), which bounds how late a measurement may be.
 *
 * <p>Single thread: the stage thread.
 */
final class MeasurementHistory {
    /** Numbers kept per measurement; what they mean depends on its type (see the fusion processor). */
    static final int Z = 5;

    private final int capacity;
    final long[] time;
    final byte[] type;
    final double[] meas;
    final double[] post;
    int size;

    MeasurementHistory(int capacity) {
        this.capacity = capacity;
        time = new long[capacity];
        type = new byte[capacity];
        meas = new double[capacity * Z];
        post = new double[capacity * PoseEkf.STATE_DOUBLES];
    }

    void clear() {
        size = 0;
    }

    /** Oldest time still held, or Long.MAX_VALUE when empty. */
    long oldestNanos() {
        return size == 0 ? Long.MAX_VALUE : time[0];
    }

    /** Index of the first entry strictly later than {@code t} (== size when none). */
    int firstAfter(long t) {
        int lo = 0, hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (time[mid] <= t) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /**
     * Opens a slot at {@code index} (shifting later entries), filled with the measurement's {@link #Z}
     * numbers from {@code m}; returns its index.
     */
    int insert(int index, long t, int kind, double[] m) {
        if (size == capacity) {
            int drop = Math.max(1, capacity / 4);
            if (index < drop) {
                drop = index; // never forget the entry we are about to rewind to
            }
            if (drop == 0) {
                return -1;
            }
            shift(drop, 0, size - drop);
            size -= drop;
            index -= drop;
        }
        if (index < size) {
            shift(index, index + 1, size - index);
        }
        time[index] = t;
        type[index] = (byte) kind;
        System.arraycopy(m, 0, meas, index * Z, Z);
        size++;
        return index;
    }

    private void shift(int from, int to, int count) {
        System.arraycopy(time, from, time, to, count);
        System.arraycopy(type, from, type, to, count);
        System.arraycopy(meas, from * Z, meas, to * Z, count * Z);
        int sd = PoseEkf.STATE_DOUBLES;
        System.arraycopy(post, from * sd, post, to * sd, count * sd);
    }

    void savePost(int index, PoseEkf ekf) {
        ekf.copyTo(post, index * PoseEkf.STATE_DOUBLES);
    }

    void restorePost(int index, PoseEkf ekf) {
        ekf.copyFrom(post, index * PoseEkf.STATE_DOUBLES, time[index]);
    }
}
