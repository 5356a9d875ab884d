package io.afferent.runtime.calibrate;

import io.afferent.runtime.clock.NanoClock;
import io.afferent.runtime.rt.DeadlineWaiter;
import io.afferent.runtime.rt.RealtimePlatform;
import io.afferent.runtime.rt.RtOutcome;
import io.afferent.runtime.rt.ThreadRtRequest;
import io.afferent.runtime.rt.ThreadState;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the machine itself delivers during a run (jHiccup's idea): a daemon thread wakes at a low rate (100 Hz by
 * default) on an absolute timeline and records its lateness, which includes scheduler latency, timer slack and JVM
 * pauses (GC, safepoints). Cost: one sleep and one histogram record per period (~0.1% of a core at 100 Hz).
 *
 * <p>Thread-safe: {@link #start()}, {@link #stop()} and the readers may be called from any thread; the probe thread is
 * the single writer of its recorder.
 */
public final class PlatformProbe implements AutoCloseable {
    public static final long DEFAULT_PERIOD_NS = 10_000_000L;
    /** SCHED_OTHER (as it was) with slack 1 ns: the wake-up a well-configured ordinary thread gets. */
    public static final ThreadRtRequest DEFAULT_REQUEST = ThreadRtRequest.unchanged().withTimerSlackNs(1);

    private final RealtimePlatform platform;
    private final long periodNs;
    private final ThreadRtRequest request;
    private final String threadName;
    private final SingleWriterRecorder recorder = new SingleWriterRecorder(1, Calibration.HIGHEST_TRACKABLE_NS, 3);
    private final Histogram cumulative = Calibration.newHistogram();
    private Histogram interval;
    private final LatenessMeter meter;
    private volatile Thread thread;
    private volatile RtOutcome outcome;
    private volatile Throwable failure;

    private PlatformProbe(RealtimePlatform platform, long periodNs, ThreadRtRequest request, String threadName) {
        this.platform = platform;
        this.periodNs = periodNs;
        this.request = request;
        this.threadName = threadName;
        this.meter = new LatenessMeter(NanoClock.SYSTEM, DeadlineWaiter.sleeping(platform), periodNs,
                recorder::recordValueWithExpectedInterval);
    }

    /** A 100 Hz probe with {@link #DEFAULT_REQUEST}, thread name {@code platform-probe}. */
    public static PlatformProbe create(RealtimePlatform platform) {
        return create(platform, DEFAULT_PERIOD_NS, DEFAULT_REQUEST);
    }

    /** A probe waking every {@code periodNs} with its thread configured by {@code request}. */
    public static PlatformProbe create(RealtimePlatform platform, long periodNs, ThreadRtRequest request) {
        if (periodNs <= 0) {
            throw new IllegalArgumentException("periodNs must be > 0, not " + periodNs);
        }
        return new PlatformProbe(platform, periodNs, request, "platform-probe");
    }

    /** Starts the probe thread (daemon). Call once. */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("probe already started");
        }
        Thread t = new Thread(this::loop, threadName);
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    private void loop() {
        try {
            outcome = platform.configureCurrentThread(request);
            long first = System.nanoTime() + periodNs;
            meter.run(first, first + Long.MAX_VALUE / 2); // ends on stop() or interrupt
        } catch (Throwable t) {
            failure = t;
        }
    }

    /**
     * Stops the probe and joins its thread for at most two periods plus 1 s (the thread wakes within 100 ms of an
     * interrupt in any case). Idempotent. Returns true if the thread has ended.
     */
    public boolean stop() throws InterruptedException {
        Thread t = thread;
        if (t == null) {
            return true;
        }
        meter.stop();
        t.interrupt();
        t.join(TimeUnit.NANOSECONDS.toMillis(2 * periodNs) + 1_000);
        return !t.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    /** Everything recorded since {@link #start()} (nanoseconds), as a copy the caller owns. */
    public synchronized Histogram cumulativeHistogram() {
        interval = recorder.getIntervalHistogram(interval);
        cumulative.add(interval);
        return cumulative.copy();
    }

    /** The cumulative histogram summarised in microseconds, with the early (spurious) wake-up count. */
    public LatenessStats stats() {
        return LatenessStats.of(cumulativeHistogram(), meter.early());
    }

    public long periodNs() {
        return periodNs;
    }

    /** The probe thread's scheduling as read back after configuring it; unknown until the thread has started. */
    public ThreadState threadState() {
        RtOutcome o = outcome;
        return o == null ? ThreadState.unknown() : o.inForce();
    }

    /** Controls that could not be applied to the probe thread. */
    public List<String> warnings() {
        RtOutcome o = outcome;
        return o == null ? List.of() : o.warnings();
    }

    /** What ended the probe thread abnormally, or null. */
    public Throwable failure() {
        return failure;
    }
}
