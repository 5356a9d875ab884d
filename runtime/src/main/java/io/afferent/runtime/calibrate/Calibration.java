package io.afferent.runtime.calibrate;

import io.afferent.runtime.clock.NanoClock;
import io.afferent.runtime.rt.DeadlineWaiter;
import io.afferent.runtime.rt.ProcessRtOutcome;
import io.afferent.runtime.rt.RealtimePlatform;
import io.afferent.runtime.rt.RtOutcome;
import io.afferent.runtime.rt.ThreadRtRequest;
import org.HdrHistogram.Histogram;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The platform self-test behind {@code afferent calibrate}: N threads wake on one absolute timeline and record
 * lateness, as cyclictest does. Call {@link #run} from one thread; it starts, and joins, the measuring threads.
 */
public final class Calibration {
    /** Histograms cover up to an hour (in ns) at 3 significant digits, so recording never resizes. */
    static final long HIGHEST_TRACKABLE_NS = 3_600_000_000_000L;

    private final RealtimePlatform platform;
    private final CalibrationConfig config;

    public Calibration(RealtimePlatform platform, CalibrationConfig config) {
        this.platform = platform;
        this.config = config;
    }

    /** Runs warm-up and measurement on {@link CalibrationConfig#threads()} threads; blocks for about the duration. */
    public CalibrationResult run() throws InterruptedException {
        ProcessRtOutcome memory = config.lockMemory() ? platform.lockMemory() : null;
        int n = config.threads();
        AtomicReferenceArray<CalibrationResult.ThreadResult> results = new AtomicReferenceArray<>(n);
        AtomicReferenceArray<Throwable> errors = new AtomicReferenceArray<>(n);
        CountDownLatch ready = new CountDownLatch(n);
        long[] startAt = new long[1];
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int index = i;
            Thread t = new Thread(() -> {
                try {
                    results.set(index, measure(index, ready, go, startAt));
                } catch (Throwable e) {
                    errors.set(index, e);
                    ready.countDown();
                }
            }, "calibrate-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        ready.await();
        // One timeline for all threads, starting a little after everyone is ready (cyclictest: distance 0).
        startAt[0] = System.nanoTime() + 10 * config.periodNs();
        go.countDown();
        long joinBudgetMs = config.durationNs() / 1_000_000 + 30_000;
        for (Thread t : threads) {
            t.join(joinBudgetMs);
            if (t.isAlive()) {
                t.interrupt();
                throw new IllegalStateException("measuring thread " + t.getName() + " did not finish");
            }
        }
        Histogram total = newHistogram();
        List<CalibrationResult.ThreadResult> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (errors.get(i) != null) {
                throw new IllegalStateException("measuring thread calibrate-" + i + " failed", errors.get(i));
            }
            list.add(results.get(i));
            total.add(results.get(i).latency());
        }
        return new CalibrationResult(platform.implementation(), memory, list, total);
    }

    static Histogram newHistogram() {
        return new Histogram(1, HIGHEST_TRACKABLE_NS, 3);
    }

    private CalibrationResult.ThreadResult measure(int index, CountDownLatch ready, CountDownLatch go, long[] startAt)
            throws InterruptedException {
        ThreadRtRequest request = config.request();
        if (request.cpus().size() > 1) {
            request = request.withCpus(List.of(request.cpus().get(index % request.cpus().size())));
        }
        RtOutcome outcome = platform.configureCurrentThread(request);
        DeadlineWaiter waiter = DeadlineWaiter.sleepThenSpin(platform, config.spinNs());
        Histogram histogram = newHistogram();
        meter(waiter, newHistogram()).warmUp(config.jitWarmupWakeups(), 2_000 + config.spinNs());
        ready.countDown();
        go.await();
        long start = startAt[0];
        LatenessMeter meter = meter(waiter, histogram);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        boolean cpuTime = mx.isCurrentThreadCpuTimeSupported();
        long cpu0 = cpuTime ? mx.getCurrentThreadCpuTime() : 0;
        long wall0 = System.nanoTime();
        meter.run(start, start + config.durationNs());
        long wallNs = System.nanoTime() - wall0;
        long cpuNs = cpuTime ? mx.getCurrentThreadCpuTime() - cpu0 : -1;
        return new CalibrationResult.ThreadResult(Thread.currentThread().getName(), outcome.inForce(),
                outcome.warnings(), histogram, meter.early(), cpuNs, wallNs);
    }

    /** One call site, so that the warm-up meter and the measuring one share the same sink class. */
    private LatenessMeter meter(DeadlineWaiter waiter, Histogram histogram) {
        return new LatenessMeter(NanoClock.SYSTEM, waiter, config.periodNs(), histogram::recordValueWithExpectedInterval);
    }
}
