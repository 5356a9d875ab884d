package io.afferent.runtime.timing;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * One timing metric (nanoseconds), recorded wait-free and allocation-free by its single writer thread
 * and sampled in intervals by the reporter thread (HdrHistogram's {@link SingleWriterRecorder}).
 *
 * <p>Single writer: {@link #record} and {@link #recordWithExpectedInterval} from the owning thread
 * only; {@link #sampleInterval()} and {@link #total()} from the reporter thread only.
 */
public final class LatencyRecorder {
    /** Values above this are clamped (and still counted) so that recording never throws or resizes. */
    public static final long HIGHEST_TRACKABLE_NANOS = 60_000_000_000L;

    private final String tag;
    private final SingleWriterRecorder recorder;
    private final Histogram total;
    private Histogram interval;
    private Histogram atMark;
    private boolean marked;

    public LatencyRecorder(String tag) {
        this.tag = tag;
        this.recorder = new SingleWriterRecorder(1, HIGHEST_TRACKABLE_NANOS, 3);
        this.total = new Histogram(1, HIGHEST_TRACKABLE_NANOS, 3);
        this.interval = recorder.getIntervalHistogram();
    }

    /** The metric's tag in .hlog files, e.g. {@code source.imu.lateness}. */
    public String tag() {
        return tag;
    }

    public void record(long nanos) {
        recorder.recordValue(clamp(nanos));
    }

    /**
     * Records {@code nanos} and, when it exceeds {@code expectedIntervalNanos}, the samples that a stall
     * of that length kept from being taken (coordinated-omission correction).
     */
    public void recordWithExpectedInterval(long nanos, long expectedIntervalNanos) {
        recorder.recordValueWithExpectedInterval(clamp(nanos), expectedIntervalNanos);
    }

    private static long clamp(long nanos) {
        return nanos < 0 ? 0 : Math.min(nanos, HIGHEST_TRACKABLE_NANOS);
    }

    /** Reporter thread: takes what was recorded since the last call, adds it to the total and returns it. */
    public Histogram sampleInterval() {
        interval = recorder.getIntervalHistogram(interval);
        total.add(interval);
        return interval;
    }

    /**
     * Reporter thread, before recording starts: allocates what reporting would otherwise allocate during the
     * run (the copy kept by {@link #mark()}), so that the reporter's steady state allocates nothing.
     */
    public void prepareForReporting() {
        if (atMark == null) {
            atMark = new Histogram(1, HIGHEST_TRACKABLE_NANOS, 3);
        }
    }

    /** The buffer size that encoding any of these histograms needs. */
    public static int neededByteBufferCapacity() {
        return new Histogram(1, HIGHEST_TRACKABLE_NANOS, 3).getNeededByteBufferCapacity();
    }

    /** Reporter thread: remembers the total so far, so that {@link #sinceMark()} gives what came after. */
    public void mark() {
        prepareForReporting();
        total.copyInto(atMark);
        marked = true;
    }

    /** Reporter thread: everything sampled since {@link #mark()}, or null when it was never called. */
    public Histogram sinceMark() {
        if (!marked) {
            return null;
        }
        Histogram h = total.copy();
        h.subtract(atMark);
        return h;
    }

    /** Reporter thread: what the last {@link #sampleInterval()} returned. */
    public Histogram lastInterval() {
        return interval;
    }

    /** Reporter thread: everything sampled so far. */
    public Histogram total() {
        return total;
    }
}
