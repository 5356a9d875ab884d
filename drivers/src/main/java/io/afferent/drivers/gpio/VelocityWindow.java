package io.afferent.drivers.gpio;

/**
 * Tick rate of one wheel over a sliding time window: the change of count between now and a recorded
 * point at least {@code windowNanos} old (or the oldest one kept), divided by the time between them.
 * Records at most 16 points per window, in a fixed array: no allocation.
 *
 * <p>Single thread: the source's reader thread.
 */
public final class VelocityWindow {
    private static final int SLOTS = 32;
    private final long windowNanos;
    private final long minStepNanos;
    private final long[] times = new long[SLOTS];
    private final long[] counts = new long[SLOTS];
    private int size;
    private int newest = -1;

    public VelocityWindow(long windowNanos) {
        if (windowNanos <= 0) {
            throw new IllegalArgumentException("window must be positive: " + windowNanos);
        }
        this.windowNanos = windowNanos;
        this.minStepNanos = Math.max(1, windowNanos / 16);
    }

    /** Records the count at {@code nanos} (kept only if far enough from the last kept point). */
    public void record(long nanos, long count) {
        if (size > 0 && nanos - times[newest] < minStepNanos) {
            return;
        }
        newest = (newest + 1) % SLOTS;
        times[newest] = nanos;
        counts[newest] = count;
        size = Math.min(size + 1, SLOTS);
    }

    /** Ticks per second from the window's start to ({@code nanos}, {@code count}); 0 without history. */
    public double ticksPerSecond(long nanos, long count) {
        if (size == 0) {
            return 0;
        }
        int idx = newest;
        for (int k = 0; k < size; k++) {
            int i = Math.floorMod(newest - k, SLOTS);
            idx = i;
            if (nanos - times[i] >= windowNanos) {
                break;
            }
        }
        long dt = nanos - times[idx];
        return dt <= 0 ? 0 : (count - counts[idx]) * 1e9 / dt;
    }

    public long windowNanos() {
        return windowNanos;
    }
}
