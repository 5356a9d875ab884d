package io.afferent.runtime.run;

import io.afferent.api.ReportSection;
import io.afferent.api.Source;
import io.afferent.api.Stage;
import io.afferent.config.ReportConfig;
import io.afferent.config.SourceConfig;
import io.afferent.config.StageConfig;
import io.afferent.runtime.clock.NanoClock;
import io.afferent.runtime.clock.RecordingClock;
import io.afferent.runtime.report.IntervalListener;
import io.afferent.runtime.rt.RealtimePlatform;
import io.afferent.runtime.stage.SinkRunner;
import io.afferent.runtime.stage.StageInput;
import io.afferent.runtime.stage.StageStats;
import io.afferent.runtime.thread.ErrorLog;
import io.afferent.runtime.thread.RunControl;
import io.afferent.runtime.thread.ThreadRtApplier;
import io.afferent.runtime.timing.Counter;
import io.afferent.runtime.topic.ChainTable;
import io.afferent.runtime.topic.Provenance;
import io.afferent.runtime.topic.StageOrder;
import io.afferent.runtime.topic.Topic;
import io.afferent.runtime.topic.TopicStats;
import io.afferent.runtime.topic.TopicWriter;
import io.afferent.runtime.wait.StageWakeup;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongConsumer;

/** Collects sources, stages, sinks and report settings; not thread-safe. */
public final class PipelineBuilder {
    record SourceSpec(SourceConfig config, Source<?> source, Topic<?> topic, TopicStats topicStats,
                      int rootChain, Map<String, Counter> counters) {
    }

    record StageSpec(StageConfig config, Stage stage, StageStats stats, List<StageInput<?>> inputs,
                     Provenance provenance, List<TopicWriter<?>> outputs, Map<String, Counter> counters,
                     StageWakeup wakeup, LongConsumer heartbeat) {
    }

    final NanoClock clock;
    final RealtimePlatform platform;
    final ThreadRtApplier rtApplier;
    final ErrorLog errors = new ErrorLog();
    /** The run's control, made with the builder so that parts assembled into it can stop the run it becomes. */
    final RunControl control = new RunControl();
    final List<SourceSpec> sources = new ArrayList<>();
    final List<StageSpec> stages = new ArrayList<>();
    final List<SinkRunner> sinks = new ArrayList<>();
    final Map<String, TopicWriter<StageOrder>> stageOrders = new LinkedHashMap<>();
    final Map<String, RecordingClock> stageClocks = new LinkedHashMap<>();
    final List<Topic<?>> topics = new ArrayList<>();
    final Map<String, TopicStats> topicStats = new LinkedHashMap<>();
    final List<ReportSection> sections = new ArrayList<>();
    final List<AutoCloseable> closers = new ArrayList<>();
    ChainTable chains = new ChainTable();
    final Map<String, String> settings = new TreeMap<>();
    ReportConfig report = new ReportConfig(Path.of("reports"), 1_000_000_000L,
            ReportConfig.StatusMode.OFF, false, false);
    Path runDir;
    String configName = "(built in code)";
    Pipeline.Probe probe;
    IntervalListener intervalListener;
    List<Integer> colocateOn = List.of();
    final Map<String, Long> startupMarks = new LinkedHashMap<>();

    /** The control of the pipeline this builder makes (stop requests before the run starts wait for it). */
    public RunControl control() {
        return control;
    }

    PipelineBuilder(NanoClock clock, RealtimePlatform platform, ThreadRtApplier rtApplier) {
        this.clock = clock;
        this.platform = platform;
        this.rtApplier = rtApplier;
    }

    /** The run's error log, for sinks made before the pipeline. */
    public ErrorLog errors() {
        return errors;
    }

    /** A source publishing on {@code topic}; its messages start chain {@code rootChain}. */
    public PipelineBuilder source(SourceConfig config, Source<?> source, Topic<?> topic, TopicStats topicStats, int rootChain,
                          Map<String, Counter> counters) {
        sources.add(new SourceSpec(config, source, topic, topicStats, rootChain, Map.copyOf(counters)));
        return this;
    }

    /**
     * A stage with its subscriptions (gating pollers made), outputs and counters. Add stages upstream first: at
     * shutdown they are drained and joined in this order.
     */
    public PipelineBuilder stage(StageConfig config, Stage stage, StageStats stats, List<StageInput<?>> inputs,
                         Provenance provenance, List<TopicWriter<?>> outputs, Map<String, Counter> counters,
                         StageWakeup wakeup, LongConsumer heartbeat) {
        stages.add(new StageSpec(config, stage, stats, List.copyOf(inputs), provenance, List.copyOf(outputs),
                new LinkedHashMap<>(counters), wakeup, heartbeat));
        return this;
    }

    /** A lagging subscriber on its own thread ({@code sink-NAME}), drained and closed after the stages ended. */
    public PipelineBuilder sink(SinkRunner runner) {
        sinks.add(runner);
        return this;
    }

    /** While recording: stage {@code stage} publishes its handling order through {@code writer}. */
    public PipelineBuilder stageOrder(String stage, TopicWriter<StageOrder> writer,
                              RecordingClock stageClock) {
        stageOrders.put(stage, writer);
        stageClocks.put(stage, stageClock);
        return this;
    }

    /** A topic of the run, for the report. */
    public PipelineBuilder topic(Topic<?> topic, TopicStats stats) {
        topics.add(topic);
        topicStats.put(topic.name(), stats);
        return this;
    }

    public PipelineBuilder chains(ChainTable chains) {
        this.chains = chains;
        return this;
    }

    /** An extension's report section, read after every thread stopped. */
    public PipelineBuilder section(ReportSection section) {
        sections.add(section);
        return this;
    }

    /** Closed after every thread of the run stopped and the report was written (last added, first closed). */
    public PipelineBuilder closeAfter(AutoCloseable closer) {
        closers.add(closer);
        return this;
    }

    /** @param runDir where summary.json and timing.hlog go; null writes no files */
    public PipelineBuilder report(ReportConfig config, Path runDir, String configName) {
        this.report = config;
        this.runDir = runDir;
        this.configName = configName;
        return this;
    }

    /** A process-wide setting as it is in force (memory locked, cpu_dma_latency held), for the report. */
    public PipelineBuilder setting(String name, String valueInForce) {
        settings.put(name, valueInForce);
        return this;
    }

    /**
     * Each stage and the reader threads that feed it share one CPU where their {@code rt.cpus} do not say
     * otherwise ({@link Placement}); {@code allowedCpus} are the CPUs the process may use.
     */
    public PipelineBuilder colocate(List<Integer> allowedCpus) {
        this.colocateOn = List.copyOf(allowedCpus);
        return this;
    }

    /** A start-up milestone from before the pipeline existed ({@code launcher}, {@code main}), in epoch ms. */
    public PipelineBuilder startupMark(String name, long epochMillis) {
        startupMarks.put(name, epochMillis);
        return this;
    }

    /** Told of every report interval on the reporter thread (live telemetry); one at most. */
    public PipelineBuilder intervalListener(IntervalListener listener) {
        this.intervalListener = listener;
        return this;
    }

    public PipelineBuilder probe(Pipeline.Probe probe) {
        this.probe = probe;
        return this;
    }

    public Pipeline build() throws IOException {
        return new Pipeline(this);
    }
}
