package io.afferent.fusion.score;

import java.util.Arrays;

/**
 * A time series kept for scoring at the end of a run: times in increasing order with a few numbers each. It
 * grows by doubling up to {@code maxSize} entries; when full it keeps every other entry and from then on
 * records every 2nd (then 4th...) entry it is offered, so that a run of any length fits in bounded memory and
 * the series stays an even sample of the whole run. Growing allocates (rarely: log2 of the size).
 *
 * <p>Single writer: the sink thread that records it; read after that thread ended.
 */
final class Series {
    private final int columns;
    private final int maxSize;
    private long[] times;
    private double[] values;
    private int size;
    /** Records one entry in this many. */
    private long stride = 1;
    private long offered;

    Series(int columns, int maxSize) {
        this.columns = columns;
        this.maxSize = maxSize;
        int initial = Math.min(1024, maxSize);
        times = new long[initial];
        values = new double[initial * columns];
    }

    /**
     * Offers an entry at time {@code t} (an earlier time than the last is taken as the last: the series stays
     * sorted); returns the index to {@link #set} its numbers at, or -1 when the stride leaves it out.
     */
    int add(long t) {
        long n = offered++;
        if (n % stride != 0) {
            return -1;
        }
        if (size == times.length) {
            if (size < maxSize) {
                int grown = Math.min(maxSize, 2 * size);
                times = Arrays.copyOf(times, grown);
                values = Arrays.copyOf(values, grown * columns);
            } else {
                halve();
                if (n % stride != 0) {
                    return -1;
                }
            }
        }
        times[size] = size > 0 ? Math.max(t, times[size - 1]) : t;
        return size++;
    }

    /** Keeps entries 0, 2, 4...; doubles the stride. */
    private void halve() {
        int kept = 0;
        for (int i = 0; i < size; i += 2) {
            times[kept] = times[i];
            System.arraycopy(values, i * columns, values, kept * columns, columns);
            kept++;
        }
        size = kept;
        stride *= 2;
    }

    void set(int index, int column, double v) {
        values[index * columns + column] = v;
    }

    int size() {
        return size;
    }

    long time(int i) {
        return times[i];
    }

    double value(int i, int column) {
        return values[i * columns + column];
    }

    /** One entry recorded in this many (1 until the series first filled up). */
    long stride() {
        return stride;
    }
}
