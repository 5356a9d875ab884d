package io.afferent.runtime.run;

import io.afferent.config.ReportConfig;
import io.afferent.config.ThreadSettings;
import io.afferent.runtime.clock.NanoClock;
import io.afferent.runtime.report.GcMonitor;
import io.afferent.runtime.report.IntervalListener;
import io.afferent.runtime.report.ProcessStats;
import io.afferent.runtime.report.Reporter;
import io.afferent.runtime.report.RunReport;
import io.afferent.runtime.report.SummaryJson;
import io.afferent.runtime.rt.RealtimePlatform;
import io.afferent.runtime.thread.ErrorLog;
import io.afferent.runtime.thread.Log;
import io.afferent.runtime.thread.ManagedThread;
import io.afferent.runtime.thread.RunControl;
import io.afferent.runtime.thread.ThreadRtApplier;
import io.afferent.runtime.timing.HistSummary;
import io.afferent.runtime.topic.ChainTable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A running acquisition pipeline: sources → reader threads → rings → stage threads, with the reporter
 * beside them. Built from validated configuration by the composition root ({@link PipelineBuilder});
 * {@link #run(long)} starts everything, waits for the duration or a stop request, shuts down in order
 * ({@link OrderlyShutdown}), and returns the run's report ({@link RunCollector}).
 *
 * <p>Threads: {@link #run(long)} from one thread (the CLI's main); {@link #requestStop(String)} from any.
 */
public final class Pipeline {
    /**
     * Time from the moment every reader is ready (sources open, real-time settings applied) to the
     * start of the timeline: what a reader needs to wake, catch its source up and go to sleep. Its
     * first deadline is one period later.
     */
    static final long START_LEAD_NANOS = 20_000_000L;
    /** How long the run waits for its readers and stages to be ready before it starts without them. */
    static final long READY_TIMEOUT_NANOS = 30_000_000_000L;

    /** A background measurement that runs beside the pipeline (the platform latency probe). */
    public interface Probe {
        void start();

        void stop();

        HistSummary summary();
    }

    private final NanoClock clock;
    private final RealtimePlatform platform;
    private final RunControl control;
    private final ErrorLog errors;
    private final PipelineThreads threads;
    private final ReportConfig reportConfig;
    private final Path runDir;
    private final Probe probe;
    private final IntervalListener intervalListener;
    private final ChainTable chains;
    private final List<AutoCloseable> closers;
    private final Startup startup = new Startup();
    private final RunCollector collector;

    Pipeline(PipelineBuilder b) throws IOException {
        this.clock = b.clock;
        this.control = b.control;
        this.platform = b.platform;
        this.reportConfig = b.report;
        this.runDir = b.runDir;
        this.probe = b.probe;
        this.intervalListener = b.intervalListener;
        this.errors = b.errors;
        this.chains = b.chains;
        this.closers = List.copyOf(b.closers);
        b.startupMarks.forEach(startup::mark);
        this.threads = new PipelineThreads(b, control);
        this.collector = new RunCollector(b, threads, control, startup);
    }

    public static PipelineBuilder builder(NanoClock clock, RealtimePlatform platform, ThreadRtApplier rtApplier) {
        return new PipelineBuilder(clock, platform, rtApplier);
    }

    public RunControl control() {
        return control;
    }

    public ErrorLog errors() {
        return errors;
    }

    /** Asks the run to stop in order (Ctrl-C, SIGTERM). Any thread. */
    public void requestStop(String reason) {
        control.requestStop(reason);
    }

    /**
     * Runs for {@code durationNanos} (or until stopped), shuts down in order, writes {@code summary.json}
     * and {@code timing.hlog} into the run directory (if any) and returns the report.
     */
    public RunReport run(long durationNanos) throws IOException, InterruptedException {
        Instant startedAt = Instant.now();
        startup.markNow("run");
        long startEpochMillis = System.currentTimeMillis();
        ProcessStats processStats = new ProcessStats();
        List<ManagedThread> all = new ArrayList<>();
        try (GcMonitor gc = new GcMonitor()) {
            if (runDir != null) {
                Files.createDirectories(runDir);
            }
            long warmup = Math.min(5_000_000_000L, Math.max(durationNanos / 3, 1));
            Reporter reporter = new Reporter(reportConfig, control,
                    threads.sources.stream().map(SourceEntry::stats).toList(),
                    threads.stages.stream().map(StageEntry::stage).toList(), () -> all, chains.recorders(),
                    runDir != null && reportConfig.hlog() ? runDir.resolve("timing.hlog") : null,
                    Reporter.isTerminal(), warmup, startEpochMillis, intervalListener);
            ManagedThread reporterThread = new ManagedThread("reporter", "reporter", ThreadSettings.DEFAULT,
                    (n, s) -> platform.currentThread(), control, errors, reporter);
            threads.sinks.forEach(s -> all.add(s.thread()));
            threads.stages.forEach(s -> all.add(s.thread()));
            all.addAll(threads.readers);
            all.add(reporterThread);
            if (probe != null) {
                probe.start();
            }
            for (ManagedThread t : all) {
                t.start();
            }
            if (startTimeline(gc)) {
                processStats.markTimeline();
                long end = control.startNanos() + durationNanos;
                if (!control.awaitStop(Math.max(0, end - clock.nanoTime()), TimeUnit.NANOSECONDS)) {
                    control.requestStop("duration reached");
                }
            }
            new OrderlyShutdown(threads, errors).run(reporterThread);
            markFirstSample();
            if (probe != null) {
                probe.stop();
            }
            reporter.finish();
            double durationS = control.timelineStarted()
                    ? Math.max(0, System.nanoTime() - control.startNanos()) * 1e-9 : 0;
            RunReport report = collector.collect(startedAt, durationS, all, gc, processStats, reporter.tags());
            if (runDir != null) {
                SummaryJson.write(report, runDir.resolve("summary.json"));
            }
            return report;
        } finally {
            closeAll();
        }
    }

    private void closeAll() {
        for (int i = closers.size() - 1; i >= 0; i--) {
            try {
                closers.get(i).close();
            } catch (Exception e) {
                Log.warn("closing " + closers.get(i) + " after the run failed: " + e);
            }
        }
    }

    /**
     * Waits until every reader thread has applied its real-time settings and opened its sources, and
     * every stage has warmed up, then starts the timeline a short lead ahead: a timeline that started
     * before its readers were running would count their start-up (thread creation, {@code mlockall},
     * class loading) as lateness.
     *
     * @return false when the run stopped before the timeline started (a source that could not be opened)
     */
    private boolean startTimeline(GcMonitor gc) throws InterruptedException {
        long waitUntil = System.nanoTime() + READY_TIMEOUT_NANOS;
        while (!threads.ready.await(10, TimeUnit.MILLISECONDS)) {
            if (!control.running()) {
                return false;
            }
            if (System.nanoTime() - waitUntil > 0) {
                Log.warn("reader or stage threads not ready after " + READY_TIMEOUT_NANOS / 1_000_000_000L
                        + " s (a source still opening its device, or a stage still warming up?); starting the"
                        + " timeline without them");
                break;
            }
        }
        if (!control.running()) {
            return false;
        }
        // Collect the start-up garbage (configuration, class loading, opening sources) now, so that the
        // run begins with an empty young generation: otherwise the first collection, a stop-the-world
        // pause of several ms, falls early in the run and delays even SCHED_FIFO readers.
        startup.markNow("ready");
        gc.collectStartupGarbage();
        long start = clock.nanoTime() + START_LEAD_NANOS;
        control.startTimeline(start);
        startup.markClock("timeline", start, clock.nanoTime(), System.currentTimeMillis());
        return true;
    }

    private void markFirstSample() {
        long first = Long.MAX_VALUE;
        for (SourceEntry s : threads.sources) {
            long f = s.stats().firstPublishedNanos();
            if (f != Long.MIN_VALUE && f < first) {
                first = f;
            }
        }
        if (first != Long.MAX_VALUE) {
            startup.markClock("first_sample", first, clock.nanoTime(), System.currentTimeMillis());
        }
    }
}
