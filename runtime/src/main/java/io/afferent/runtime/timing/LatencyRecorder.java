package io.afferent.runtime.timing;

import org.HdrHistogram.Histogram;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One timing metric (nanoseconds), recorded by its single writer thread without an atomic instruction or an
 * allocation, and sampled in intervals by the reporter thread.
 *
 * <p>The writer increments a bucket of its own counts array, laid out exactly as an HdrHistogram
 * {@code Histogram(1, HIGHEST_TRACKABLE_NANOS, 3)} lays out its counts (same buckets, same precision), with an
 * opaque write: a plain store on x86 and ARM, atomic for a {@code long}. The counts only ever grow, so the
 * reporter takes an interval as the difference between the counts now and the run's total so far, bucket by
 * bucket, and adds it to the total: nothing is lost or counted twice, and a value recorded while the reporter
 * reads lands in this interval or the next. HdrHistogram's {@code SingleWriterRecorder} does the same job with
 * two atomic read-modify-writes per value (its writer-reader phaser); on the hot path of every reader and stage,
 * several metrics per sample, that was most of the hand-off's cost.
 *
 * <p>Single writer: {@link #record} and {@link #recordWithExpectedInterval} from the owning thread only;
 * {@link #sampleInterval}, {@link #mark()}, {@link #sinceMark()}, {@link #total()} from the reporter thread only
 * (or from any one thread once the writer has stopped).
 */
public final class LatencyRecorder {
    /** Values above this are clamped (and still counted) so that recording never throws or resizes. */
    public static final long HIGHEST_TRACKABLE_NANOS = 60_000_000_000L;
    private static final int SIGNIFICANT_DIGITS = 3;

    // HdrHistogram's layout for lowest discernible value 1, HIGHEST_TRACKABLE_NANOS and 3 significant digits:
    // 2048 sub-buckets (half of them per bucket after the first), buckets doubling in width.
    private static final int SUB_BUCKET_COUNT_MAGNITUDE = 11; // ceil(log2(2 * 10^3))
    private static final int SUB_BUCKET_HALF_COUNT_MAGNITUDE = SUB_BUCKET_COUNT_MAGNITUDE - 1;
    private static final int SUB_BUCKET_HALF_COUNT = 1 << SUB_BUCKET_HALF_COUNT_MAGNITUDE;
    private static final long SUB_BUCKET_MASK = (1L << SUB_BUCKET_COUNT_MAGNITUDE) - 1;
    private static final int LEADING_ZERO_COUNT_BASE = 64 - SUB_BUCKET_COUNT_MAGNITUDE;
    static final int COUNTS_LENGTH = index(HIGHEST_TRACKABLE_NANOS) + 1;

    private static final VarHandle COUNT = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle MAX_INDEX;

    static {
        try {
            MAX_INDEX = MethodHandles.lookup().findVarHandle(LatencyRecorder.class, "maxIndex", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String tag;
    /** Written by the writer (opaque), read by the reporter (opaque). */
    private final long[] counts = new long[COUNTS_LENGTH];
    /** Highest index the writer has counted into, so that the reporter scans no further. */
    @SuppressWarnings("unused") // accessed through MAX_INDEX
    private int maxIndex;
    private final Histogram total = newHistogram();
    /** Whether {@link #mark()} starts a second total (a histogram of 216 KB: only where a report uses it). */
    private final boolean keepsAfterMark;
    private Histogram afterMark;
    private boolean marked;
    private long lastIntervalMaxNanos;
    private long lastIntervalCount;

    /** A recorder whose {@link #mark()} starts {@link #sinceMark()}. */
    public LatencyRecorder(String tag) {
        this(tag, true);
    }

    /**
     * @param keepsAfterMark whether {@link #mark()} starts {@link #sinceMark()}; without it, mark does nothing and
     *                       the recorder holds two histograms instead of three (each 216 KB for this range and
     *                       precision)
     */
    public LatencyRecorder(String tag, boolean keepsAfterMark) {
        this.tag = tag;
        this.keepsAfterMark = keepsAfterMark;
    }

    /** An empty histogram with the precision and range of every recorder (for the reporter's scratch). */
    public static Histogram newHistogram() {
        return new Histogram(1, HIGHEST_TRACKABLE_NANOS, SIGNIFICANT_DIGITS);
    }

    /** The metric's tag in .hlog files, e.g. {@code source.imu.lateness}. */
    public String tag() {
        return tag;
    }

    /** Writer thread. */
    public void record(long nanos) {
        count(index(clamp(nanos)));
    }

    /**
     * Writer thread: records {@code nanos} and, when it exceeds {@code expectedIntervalNanos}, the samples that a
     * stall of that length kept from being taken (coordinated-omission correction, as HdrHistogram's
     * {@code recordValueWithExpectedInterval}).
     */
    public void recordWithExpectedInterval(long nanos, long expectedIntervalNanos) {
        long value = clamp(nanos);
        count(index(value));
        if (expectedIntervalNanos <= 0) {
            return;
        }
        for (long missing = value - expectedIntervalNanos; missing >= expectedIntervalNanos;
             missing -= expectedIntervalNanos) {
            count(index(missing));
        }
    }

    private void count(int i) {
        COUNT.setOpaque(counts, i, counts[i] + 1); // single writer: a plain read of its own count
        if (i > maxIndex) {
            MAX_INDEX.setOpaque(this, i);
        }
    }

    private static long clamp(long nanos) {
        return nanos < 0 ? 0 : Math.min(nanos, HIGHEST_TRACKABLE_NANOS);
    }

    /** HdrHistogram's {@code countsArrayIndex} for this layout. */
    static int index(long value) {
        int bucket = LEADING_ZERO_COUNT_BASE - Long.numberOfLeadingZeros(value | SUB_BUCKET_MASK);
        int subBucket = (int) (value >>> bucket);
        return ((bucket + 1) << SUB_BUCKET_HALF_COUNT_MAGNITUDE) + (subBucket - SUB_BUCKET_HALF_COUNT);
    }

    /** The lowest value that {@link #index} maps to {@code index} (HdrHistogram's {@code valueFromIndex}). */
    static long valueAt(int index) {
        int bucket = (index >> SUB_BUCKET_HALF_COUNT_MAGNITUDE) - 1;
        int subBucket = (index & (SUB_BUCKET_HALF_COUNT - 1)) + SUB_BUCKET_HALF_COUNT;
        if (bucket < 0) {
            subBucket -= SUB_BUCKET_HALF_COUNT;
            bucket = 0;
        }
        return (long) subBucket << bucket;
    }

    /**
     * Reporter thread: fills {@code into} (reset first) with what was recorded since the last call, adds it to the
     * total and returns it. Allocation-free.
     */
    public Histogram sampleInterval(Histogram into) {
        into.reset();
        int max = (int) MAX_INDEX.getOpaque(this);
        long maxValue = 0;
        long n = 0;
        for (int i = 0; i <= max; i++) {
            long now = (long) COUNT.getOpaque(counts, i);
            if (now == 0) {
                continue;
            }
            long value = valueAt(i);
            long delta = now - total.getCountAtValue(value);
            if (delta > 0) {
                into.recordValueWithCount(value, delta);
                maxValue = value;
                n += delta;
            }
        }
        total.add(into);
        if (marked) {
            afterMark.add(into);
        }
        lastIntervalMaxNanos = n == 0 ? 0 : into.highestEquivalentValue(maxValue);
        lastIntervalCount = n;
        return into;
    }

    /** Reporter thread: {@link #sampleInterval(Histogram)} into a new histogram (tests, tools). */
    public Histogram sampleInterval() {
        return sampleInterval(newHistogram());
    }

    /** Reporter thread: the largest value of the last interval (its bucket's highest equivalent value), 0 if empty. */
    public long lastIntervalMaxNanos() {
        return lastIntervalMaxNanos;
    }

    /** Reporter thread: how many values the last interval held. */
    public long lastIntervalCount() {
        return lastIntervalCount;
    }

    /**
     * Reporter thread, before recording starts: allocates what reporting would otherwise allocate during the
     * run (the histogram that {@link #mark()} starts), so that the reporter's steady state allocates nothing.
     */
    public void prepareForReporting() {
        if (keepsAfterMark && afterMark == null) {
            afterMark = newHistogram();
        }
    }

    /** The buffer size that encoding any of these histograms needs. */
    public static int neededByteBufferCapacity() {
        return newHistogram().getNeededByteBufferCapacity();
    }

    /** Reporter thread: from now on, intervals are also collected apart, for {@link #sinceMark()}. */
    public void mark() {
        if (!keepsAfterMark) {
            return;
        }
        prepareForReporting();
        afterMark.reset();
        marked = true;
    }

    /** Reporter thread: everything sampled since {@link #mark()}, or null when it was never called (or not kept). */
    public Histogram sinceMark() {
        return marked ? afterMark : null;
    }

    /** Reporter thread: everything sampled so far. */
    public Histogram total() {
        return total;
    }
}
