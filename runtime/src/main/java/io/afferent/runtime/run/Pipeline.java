package io.afferent.runtime.run;

import io.afferent.api.PeriodicSource;
import io.afferent.api.ReportSection;
import io.afferent.api.Source;
import io.afferent.api.Stage;
import io.afferent.api.StreamSource;
import io.afferent.config.ReportConfig;
import io.afferent.config.SourceConfig;
import io.afferent.config.StageConfig;
import io.afferent.config.ThreadSettings;
import io.afferent.config.WaitName;
import com.lmax.disruptor.WaitStrategy;
import io.afferent.runtime.clock.NanoClock;
import io.afferent.runtime.reader.PeriodicAgent;
import io.afferent.runtime.reader.ReaderAgent;
import io.afferent.runtime.reader.ReaderLoop;
import io.afferent.runtime.reader.StreamAgent;
import io.afferent.runtime.report.GcMonitor;
import io.afferent.runtime.report.HostInfo;
import io.afferent.runtime.report.ProcessStats;
import io.afferent.runtime.report.Reporter;
import io.afferent.runtime.report.RunReport;
import io.afferent.runtime.report.SummaryJson;
import io.afferent.runtime.rt.RealtimePlatform;
import io.afferent.runtime.rt.ThreadState;
import io.afferent.runtime.timing.SourceStats;
import io.afferent.runtime.stage.FanInStage;
import io.afferent.runtime.stage.SinkRunner;
import io.afferent.runtime.stage.StageInput;
import io.afferent.runtime.stage.StageStats;
import io.afferent.runtime.thread.ErrorLog;
import io.afferent.runtime.thread.Log;
import io.afferent.runtime.thread.ManagedThread;
import io.afferent.runtime.thread.RunControl;
import io.afferent.runtime.thread.ThreadRtApplier;
import io.afferent.runtime.topic.ChainTable;
import io.afferent.runtime.topic.Provenance;
import io.afferent.runtime.topic.Topic;
import io.afferent.runtime.topic.TopicStats;
import io.afferent.runtime.topic.TopicWriter;
import io.afferent.runtime.timing.Counter;
import io.afferent.runtime.timing.HistSummary;
import io.afferent.runtime.timing.LatencyRecorder;
import io.afferent.runtime.wait.DeadlineWaiters;
import io.afferent.runtime.wait.IdleStrategies;
import io.afferent.runtime.wait.StageWakeup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A running acquisition pipeline: sources → reader threads → rings → stage threads, with the reporter
 * beside them. Built from validated configuration by the composition root; {@link #run(long)} starts
 * everything, waits for the duration or a stop request, shuts down in order (readers stop, rings
 * drain, stages finish, the report is written, every thread is joined with a bounded wait) and
 * returns the run's report.
 *
 * <p>Threads: {@link #run(long)} from one thread (the CLI's main); {@link #requestStop(String)} from any.
 */
public final class Pipeline {
    /**
     * At shutdown, a thread that made no progress (CPU time, samples consumed) for this long is left
     * running and reported; one that is still working (a stage draining on a slow CPU) is waited for.
     */
    static final long JOIN_MILLIS = 1_000;
    /** The bound of the whole shutdown: past it a thread still working is left running and reported. */
    static final long SHUTDOWN_CAP_MILLIS = 30_000;
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

    private record SourceEntry(SourceConfig config, Source<?> source, SourceStats stats, Topic<?> topic,
                               TopicStats topicStats, int rootChain, Map<String, Counter> counters) {
    }

    private record StageEntry(StageConfig config, FanInStage stage, StageWakeup wakeup, ManagedThread thread,
                              Map<String, Counter> counters) {
    }

    private record SinkEntry(ManagedThread thread, SinkRunner runner) {
    }

    private final NanoClock clock;
    private final RealtimePlatform platform;
    private final RunControl control;
    private final ErrorLog errors;
    private final List<SourceEntry> sources = new ArrayList<>();
    private final List<ManagedThread> readerThreads = new ArrayList<>();
    private final CountDownLatch threadsReady;
    private final List<StageEntry> stages = new ArrayList<>();
    private final List<SinkEntry> sinks = new ArrayList<>();
    private final ReportConfig reportConfig;
    private final Path runDir;
    private final String configName;
    private final Probe probe;
    private final io.afferent.runtime.report.IntervalListener intervalListener;
    private final ThreadRtApplier rtApplier;
    private final Map<String, String> settings;
    private final List<Topic<?>> topics;
    private final Map<String, TopicStats> topicStats;
    private final ChainTable chains;
    private final List<ReportSection> sections;
    private final List<AutoCloseable> closers;
    private final Placement.Pins pins;
    private final Startup startup = new Startup();

    private Pipeline(Builder b) throws IOException {
        this.clock = b.clock;
        this.platform = b.platform;
        this.rtApplier = b.rtApplier;
        this.reportConfig = b.report;
        this.runDir = b.runDir;
        this.configName = b.configName;
        this.probe = b.probe;
        this.intervalListener = b.intervalListener;
        this.settings = Map.copyOf(b.settings);
        this.errors = b.errors;
        this.topics = List.copyOf(b.topics);
        this.topicStats = new LinkedHashMap<>(b.topicStats);
        this.chains = b.chains;
        this.sections = List.copyOf(b.sections);
        this.closers = List.copyOf(b.closers);
        this.control = new RunControl();
        b.startupMarks.forEach(startup::mark);

        for (Builder.SourceSpec sp : b.sources) {
            SourceConfig c = sp.config;
            SourceStats stats = new SourceStats(c.name(), c.periodic() ? c.periodNanos() : 0);
            sources.add(new SourceEntry(c, sp.source, stats, sp.topic, sp.topicStats, sp.rootChain, sp.counters));
        }
        this.pins = Placement.colocate(b.stages.stream().map(st -> st.config).toList(),
                b.sources.stream().map(sp -> sp.config).toList(), b.colocateOn);
        long readerThreadCount = sources.stream().map(s -> s.config().thread()).distinct().count();
        threadsReady = new CountDownLatch((int) readerThreadCount + b.stages.size());
        for (Builder.StageSpec st : b.stages) {
            StageConfig c = st.config;
            StageWakeup w = st.wakeup;
            boolean terminal = st.outputs.isEmpty();
            FanInStage stage = new FanInStage(c.name(), st.stage, st.stats, st.inputs, st.provenance, chains, terminal,
                    clock, control, errors, c.onError(), IdleStrategies.create(c.waitStrategy(), w), w, st.heartbeat);
            ThreadSettings rt = pins.stages().containsKey(c.name()) ? c.rt().withCpus(pins.stages().get(c.name())) : c.rt();
            ManagedThread t = new ManagedThread("stage-" + c.name(), "stage " + c.name(), rt, rtApplier, control,
                    errors, () -> {
                        warmUp(c.name(), st.stage);
                        stage.run();
                    });
            if (b.stageOrders.containsKey(c.name())) {
                stage.recordOrder(b.stageOrders.get(c.name()), b.stageClocks.get(c.name()));
            }
            stages.add(new StageEntry(c, stage, w, t, st.counters));
        }
        for (SinkRunner r : b.sinks) {
            sinks.add(new SinkEntry(new ManagedThread("sink-" + r.name(), "sink " + r.name(), ThreadSettings.DEFAULT,
                    (n, st) -> platform.currentThread(), control, errors, r), r));
        }
        Map<String, List<SourceEntry>> byThread = new LinkedHashMap<>();
        for (SourceEntry s : sources) {
            byThread.computeIfAbsent(s.config().thread(), k -> new ArrayList<>()).add(s);
        }
        for (Map.Entry<String, List<SourceEntry>> e : byThread.entrySet()) {
            readerThreads.add(readerThread(e.getKey(), e.getValue()));
        }
    }

    /** Stage thread, before the timeline: the stage's warm-up (see {@link Stage#warmUp}), then ready. */
    private void warmUp(String stageName, Stage processor) {
        try {
            processor.warmUp();
        } catch (Throwable t) {
            Log.warn("stage " + stageName + ": warm-up failed (" + t + "); it starts cold");
        } finally {
            threadsReady.countDown();
        }
    }

    private ManagedThread readerThread(String threadName, List<SourceEntry> group) {
        List<ReaderAgent<?>> agents = new ArrayList<>();
        for (SourceEntry s : group) {
            agents.add(agent(s));
        }
        SourceConfig first = group.getFirst().config();
        List<Integer> pinned = pins.readerThreads().get(threadName);
        ThreadSettings rt = pinned != null ? first.rt().withCpus(pinned) : first.rt();
        ReaderLoop loop = new ReaderLoop(agents, clock, control,
                DeadlineWaiters.forReader(first.waitStrategy(), platform, rt.spinNs()),
                IdleStrategies.create(first.waitStrategy(), null), threadsReady::countDown);
        String role = group.size() == 1 ? "source " + first.name()
                : "sources " + String.join(",", group.stream().map(s -> s.config().name()).toList());
        return new ManagedThread("reader-" + threadName, role, rt, rtApplier, control, errors, loop);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private ReaderAgent<?> agent(SourceEntry s) {
        TopicWriter publisher = TopicWriter.forSource((Topic) s.topic(), s.config().overflow(), clock, control::running,
                s.topicStats(), s.stats(), s.rootChain());
        return switch (s.source()) {
            case PeriodicSource p -> new PeriodicAgent(s.config(), p, s.stats(), publisher, clock, control, errors);
            case StreamSource st -> new StreamAgent(s.config(), st, s.stats(), publisher, clock, control, errors);
            default -> throw new IllegalArgumentException("source " + s.config().name()
                    + " is neither a PeriodicSource nor a StreamSource");
        };
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
        Reporter reporter;
        try (GcMonitor gc = new GcMonitor()) {
            if (runDir != null) {
                Files.createDirectories(runDir);
            }
            long warmup = Math.min(5_000_000_000L, Math.max(durationNanos / 3, 1));
            reporter = new Reporter(reportConfig, control, sources.stream().map(SourceEntry::stats).toList(),
                    stages.stream().map(StageEntry::stage).toList(), () -> all, chains.recorders(),
                    runDir != null && reportConfig.hlog() ? runDir.resolve("timing.hlog") : null,
                    Reporter.isTerminal(), warmup, startEpochMillis, intervalListener);
            ManagedThread reporterThread = new ManagedThread("reporter", "reporter", ThreadSettings.DEFAULT,
                    (n, s) -> platform.currentThread(), control, errors, reporter);
            for (SinkEntry s : sinks) {
                all.add(s.thread());
            }
            for (StageEntry st : stages) {
                all.add(st.thread());
            }
            all.addAll(readerThreads);
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
            shutdown(reporterThread);
            markFirstSample();
            if (probe != null) {
                probe.stop();
            }
            reporter.finish();
            double durationS = control.timelineStarted()
                    ? Math.max(0, System.nanoTime() - control.startNanos()) * 1e-9 : 0;
            RunReport report = collect(startedAt, durationS, all, gc, processStats, reporter.tags());
            if (runDir != null) {
                SummaryJson.write(report, runDir.resolve("summary.json"));
            }
            return report;
        } finally {
            for (int i = closers.size() - 1; i >= 0; i--) {
                try {
                    closers.get(i).close();
                } catch (Exception e) {
                    Log.warn("closing " + closers.get(i) + " after the run failed: " + e);
                }
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
        while (!threadsReady.await(10, TimeUnit.MILLISECONDS)) {
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
        for (SourceEntry s : sources) {
            long f = s.stats().firstPublishedNanos();
            if (f != Long.MIN_VALUE && f < first) {
                first = f;
            }
        }
        if (first != Long.MAX_VALUE) {
            startup.markClock("first_sample", first, clock.nanoTime(), System.currentTimeMillis());
        }
    }

    private void shutdown(ManagedThread reporterThread) throws InterruptedException {
        long deadline = System.nanoTime() + SHUTDOWN_CAP_MILLIS * 1_000_000;
        for (ManagedThread t : readerThreads) {
            joinOrReport(t, deadline, t::cpuNanos);
        }
        // Upstream first (the assembler adds stages in dependency order): a stage's inputs close only once every
        // stage publishing them has drained and flushed, or what those publish at the end would never be read.
        for (StageEntry st : stages) {
            st.stage().inputsClosed();
            st.wakeup().signalAllWhenBlocking();
            ManagedThread t = st.thread();
            joinOrReport(t, deadline, () -> t.cpuNanos() + consumed(st));
        }
        for (SinkEntry s : sinks) {
            s.runner().finish();
        }
        for (SinkEntry s : sinks) {
            joinOrReport(s.thread(), deadline, s.thread()::cpuNanos);
        }
        joinOrReport(reporterThread, deadline, reporterThread::cpuNanos);
    }

    private static long consumed(StageEntry st) {
        long n = 0;
        for (Counter c : st.stage().stats().consumedByInput().values()) {
            n += c.get();
        }
        return n;
    }

    private void joinOrReport(ManagedThread t, long deadline, java.util.function.LongSupplier progress)
            throws InterruptedException {
        if (!t.joinWhileProgressing(JOIN_MILLIS, deadline, progress)) {
            String msg = System.nanoTime() - deadline >= 0
                    ? "thread " + t.name() + " still working when the " + SHUTDOWN_CAP_MILLIS / 1000
                            + " s shutdown bound ran out; left running"
                    : "thread " + t.name() + " did not stop and made no progress for " + JOIN_MILLIS
                            + " ms; left running";
            errors.report(t.role(), new IllegalStateException(msg));
        }
    }

    private RunReport collect(Instant startedAt, double durationS, List<ManagedThread> threads, GcMonitor gc,
                              ProcessStats processStats, List<String> tags) {
        Map<String, Long> consumed = new LinkedHashMap<>();
        for (StageEntry st : stages) {
            for (Map.Entry<String, Counter> e : st.stage().stats().consumedByInput().entrySet()) {
                consumed.put(e.getKey(), e.getValue().get());
            }
        }
        Map<String, RunReport.SourceReport> srcs = new LinkedHashMap<>();
        for (SourceEntry s : sources) {
            SourceStats st = s.stats();
            Map<String, Long> reasons = new java.util.TreeMap<>();
            st.rejects().forEach((k, v) -> reasons.put(k, v.get()));
            srcs.put(s.config().name(), new RunReport.SourceReport(s.config().type(), st.samples.get(), st.dropped.get(),
                    st.rejectedTotal(), st.errors.get(), durationS > 0 ? st.samples.get() / durationS : 0,
                    s.config().rateHz(), st.lateness() == null ? null : HistSummary.of(st.lateness().total()),
                    st.lateness() == null || st.lateness().sinceMark() == null ? null
                            : HistSummary.of(st.lateness().sinceMark()),
                    HistSummary.of(st.interval().total()), HistSummary.of(st.publish().total()), st.missedPeriods.get(),
                    st.caughtUp.get(), st.earlyWakeups.get(),
                    st.restarts.get(), reasons, st.connected(), st.events(),
                    consumed.getOrDefault(s.config().name(), 0L), values(s.counters())));
        }
        Map<String, RunReport.StageReport> stg = new LinkedHashMap<>();
        Map<String, HistSummary> e2e = new LinkedHashMap<>();
        for (StageEntry st : stages) {
            StageStats ss = st.stage().stats();
            stg.put(st.config().name(), new RunReport.StageReport(ss.events.get(), st.config().deadlineUs(),
                    ss.deadlineMisses.get(), HistSummary.of(ss.queue().total()), HistSummary.of(ss.service().total()),
                    ss.errors.get(), st.stage().unconsumed(), values(st.counters())));
            for (Map.Entry<String, LatencyRecorder> e : ss.endToEndByInput().entrySet()) {
                e2e.put(st.config().name() + "/" + e.getKey(), HistSummary.of(e.getValue().total()));
            }
        }
        Map<String, RunReport.ThreadReport> thr = new LinkedHashMap<>();
        for (ManagedThread t : threads) {
            ThreadState s = t.state();
            thr.put(t.name(), new RunReport.ThreadReport(t.role(), s.policy(), s.priority(), s.nice(), s.affinity(),
                    s.timerSlackNs(), s.sliceNs(), t.cpuNanos() * 1e-9, t.allocatedBytes(), t.allocatedAfterWarmupBytes()));
        }
        return new RunReport(startedAt.toString(), Math.round(durationS * 1000) / 1000.0, configName,
                HostInfo.current(), platform.implementation(), srcs, stg, e2e, thr, gc.report(), processStats.report(),
                probe == null ? null : probe.summary(), errors.entries(), control.stopReason(), control.exitCode(), tags,
                settings, RunReports.topics(topics, topicStats, gatingConsumed()), RunReports.chains(chains), RunReports.sections(sections),
                startup.toReport());
    }

    private Map<String, Map<String, Long>> gatingConsumed() {
        Map<String, Map<String, Long>> m = new LinkedHashMap<>();
        for (StageEntry st : stages) {
            for (StageInput<?> in : st.stage().inputs()) {
                m.computeIfAbsent(in.topic(), k -> new LinkedHashMap<>()).put("stage " + st.config().name(), in.consumed().get());
            }
        }
        return m;
    }

    private static Map<String, Long> values(Map<String, Counter> counters) {
        Map<String, Long> m = new LinkedHashMap<>();
        counters.forEach((k, v) -> m.put(k, v.get()));
        return m;
    }

    public static Builder builder(NanoClock clock, RealtimePlatform platform, ThreadRtApplier rtApplier) {
        return new Builder(clock, platform, rtApplier);
    }

    /** Collects sources, stages, sinks and report settings; not thread-safe. */
    public static final class Builder {
        private record SourceSpec(SourceConfig config, Source<?> source, Topic<?> topic, TopicStats topicStats,
                                  int rootChain, Map<String, Counter> counters) {
        }

        private record StageSpec(StageConfig config, Stage stage, StageStats stats, List<StageInput<?>> inputs,
                                 Provenance provenance, List<TopicWriter<?>> outputs, Map<String, Counter> counters,
                                 StageWakeup wakeup, java.util.function.LongConsumer heartbeat) {
        }

        private final NanoClock clock;
        private final RealtimePlatform platform;
        private final ThreadRtApplier rtApplier;
        private final ErrorLog errors = new ErrorLog();
        private final List<SourceSpec> sources = new ArrayList<>();
        private final List<StageSpec> stages = new ArrayList<>();
        private final List<SinkRunner> sinks = new ArrayList<>();
        private final Map<String, io.afferent.runtime.topic.TopicWriter<io.afferent.runtime.topic.StageOrder>> stageOrders
                = new LinkedHashMap<>();
        private final Map<String, io.afferent.runtime.clock.RecordingClock> stageClocks = new LinkedHashMap<>();
        private final List<Topic<?>> topics = new ArrayList<>();
        private final Map<String, TopicStats> topicStats = new LinkedHashMap<>();
        private final List<ReportSection> sections = new ArrayList<>();
        private final List<AutoCloseable> closers = new ArrayList<>();
        private ChainTable chains = new ChainTable();
        private final Map<String, String> settings = new java.util.TreeMap<>();
        private ReportConfig report = new ReportConfig(Path.of("reports"), 1_000_000_000L,
                ReportConfig.StatusMode.OFF, false, false);
        private Path runDir;
        private String configName = "(built in code)";
        private Probe probe;
        private io.afferent.runtime.report.IntervalListener intervalListener;
        private List<Integer> colocateOn = List.of();
        private final Map<String, Long> startupMarks = new LinkedHashMap<>();

        private Builder(NanoClock clock, RealtimePlatform platform, ThreadRtApplier rtApplier) {
            this.clock = clock;
            this.platform = platform;
            this.rtApplier = rtApplier;
        }

        /** The run's error log, for sinks made before the pipeline. */
        public ErrorLog errors() {
            return errors;
        }

        /** A source publishing on {@code topic}; its messages start chain {@code rootChain}. */
        public Builder source(SourceConfig config, Source<?> source, Topic<?> topic, TopicStats topicStats, int rootChain,
                              Map<String, Counter> counters) {
            sources.add(new SourceSpec(config, source, topic, topicStats, rootChain, Map.copyOf(counters)));
            return this;
        }

        /**
         * A stage with its subscriptions (gating pollers made), outputs and counters. Add stages upstream first: at
         * shutdown they are drained and joined in this order.
         */
        public Builder stage(StageConfig config, Stage stage, StageStats stats, List<StageInput<?>> inputs,
                             Provenance provenance, List<TopicWriter<?>> outputs, Map<String, Counter> counters,
                             StageWakeup wakeup, java.util.function.LongConsumer heartbeat) {
            stages.add(new StageSpec(config, stage, stats, List.copyOf(inputs), provenance, List.copyOf(outputs),
                    new LinkedHashMap<>(counters), wakeup, heartbeat));
            return this;
        }

        /** A lagging subscriber on its own thread ({@code sink-NAME}), drained and closed after the stages ended. */
        public Builder sink(SinkRunner runner) {
            sinks.add(runner);
            return this;
        }

        /** A topic of the run, for the report. */
        /** While recording: stage {@code stage} publishes its handling order through {@code writer}. */
        public Builder stageOrder(String stage, io.afferent.runtime.topic.TopicWriter<io.afferent.runtime.topic.StageOrder> writer,
                                  io.afferent.runtime.clock.RecordingClock stageClock) {
            stageOrders.put(stage, writer);
            stageClocks.put(stage, stageClock);
            return this;
        }

        public Builder topic(Topic<?> topic, TopicStats stats) {
            topics.add(topic);
            topicStats.put(topic.name(), stats);
            return this;
        }

        public Builder chains(ChainTable chains) {
            this.chains = chains;
            return this;
        }

        /** An extension's report section, read after every thread stopped. */
        public Builder section(ReportSection section) {
            sections.add(section);
            return this;
        }

        /** Closed after every thread of the run stopped and the report was written (last added, first closed). */
        public Builder closeAfter(AutoCloseable closer) {
            closers.add(closer);
            return this;
        }

        /** @param runDir where summary.json and timing.hlog go; null writes no files */
        public Builder report(ReportConfig config, Path runDir, String configName) {
            this.report = config;
            this.runDir = runDir;
            this.configName = configName;
            return this;
        }

        /** A process-wide setting as it is in force (memory locked, cpu_dma_latency held), for the report. */
        public Builder setting(String name, String valueInForce) {
            settings.put(name, valueInForce);
            return this;
        }

        /**
         * Each stage and the reader threads that feed it share one CPU where their {@code rt.cpus} do not say
         * otherwise ({@link Placement}); {@code allowedCpus} are the CPUs the process may use.
         */
        public Builder colocate(List<Integer> allowedCpus) {
            this.colocateOn = List.copyOf(allowedCpus);
            return this;
        }

        /** A start-up milestone from before the pipeline existed ({@code launcher}, {@code main}), in epoch ms. */
        public Builder startupMark(String name, long epochMillis) {
            startupMarks.put(name, epochMillis);
            return this;
        }

        /** Told of every report interval on the reporter thread (live telemetry); one at most. */
        public Builder intervalListener(io.afferent.runtime.report.IntervalListener listener) {
            this.intervalListener = listener;
            return this;
        }

        public Builder probe(Probe probe) {
            this.probe = probe;
            return this;
        }

        public Pipeline build() throws IOException {
            return new Pipeline(this);
        }
    }
}
