package io.afferent.runtime.plugin;

import io.afferent.api.ConfigError;
import io.afferent.api.ExtensionFactory;
import io.afferent.api.Handler;
import io.afferent.api.Heartbeat;
import io.afferent.api.MessageType;
import io.afferent.api.PeriodicSource;
import io.afferent.api.ReportSection;
import io.afferent.api.RunHook;
import io.afferent.api.Sink;
import io.afferent.api.Source;
import io.afferent.api.SourceType;
import io.afferent.api.Stage;
import io.afferent.api.StageType;
import io.afferent.api.StreamSource;
import io.afferent.api.TopicInfo;
import io.afferent.config.Profile;
import io.afferent.config.SourceConfig;
import io.afferent.config.StageConfig;
import io.afferent.config.WaitName;
import io.afferent.runtime.clock.NanoClock;
import io.afferent.runtime.run.PipelineBuilder;
import io.afferent.runtime.stage.SinkRunner;
import io.afferent.runtime.stage.StageInput;
import io.afferent.runtime.stage.StageStats;
import io.afferent.runtime.topic.ChainTable;
import io.afferent.runtime.topic.Signal;
import io.afferent.runtime.topic.LaggingReader;
import io.afferent.runtime.topic.Provenance;
import io.afferent.runtime.topic.StageOrder;
import io.afferent.runtime.topic.Topic;
import io.afferent.runtime.topic.TopicWriter;
import io.afferent.runtime.topic.TopicStats;
import io.afferent.runtime.wait.StageWakeup;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * Wires a run from a profile and the registered types, the way every plugin's types are wired: runs the plugins'
 * run hooks, makes each source and its topic, each stage (in the order of its dependencies) with its
 * subscriptions resolved by message type and its output topics, the chains, the extensions and every lagging
 * sink, and hands it all to the {@link PipelineBuilder}. Any problem is a {@link ConfigError} at its place in the
 * profile. Set-up thread.
 */
public final class RunAssembler {
    private final Profile profile;
    private final PluginRegistry registry;
    private final NanoClock clock;
    private final RunContext run;
    private final Map<String, Topic<?>> topics = new LinkedHashMap<>();
    private final Map<String, TopicStats> topicStats = new LinkedHashMap<>();
    private final Map<String, Signal> signals = new HashMap<>();
    private final List<StageSetupImpl.SinkRequest> sinks = new ArrayList<>();
    private final List<ReportSection> sections = new ArrayList<>();
    private final ChainTable chains = new ChainTable();
    /** Sinks registered under one name share one runner and thread. */
    private final Map<String, SinkRunner> sinkRunners = new HashMap<>();

    private RunAssembler(Profile profile, PluginRegistry registry, NanoClock clock, long originNanos, Path reportDir) {
        this.profile = profile;
        this.registry = registry;
        this.clock = clock;
        this.run = new RunContext(profile, clock, originNanos, reportDir);
    }

    /**
     * Adds the profile's sources, stages, sinks and extensions to {@code builder}.
     *
     * @param originNanos the run's time origin on {@code clock} (a simulated world starts there)
     * @param reportDir   the run's report directory, which must exist
     * @return what the run shares; close it after the run (the pipeline does, when given it)
     */
    public static RunContext assemble(Profile profile, PluginRegistry registry, NanoClock clock, long originNanos,
                                      Path reportDir, PipelineBuilder builder) throws ConfigError {
        RunAssembler a = new RunAssembler(profile, registry, clock, originNanos, reportDir);
        a.run.control(builder.control());
        try {
            a.build(builder);
        } catch (ConfigError | RuntimeException e) {
            a.run.close();
            throw e;
        }
        return a.run;
    }

    private void build(PipelineBuilder builder) throws ConfigError {
        for (RunHook hook : registry.runHooks()) {
            hook.beforeRun(run);
        }
        for (SourceConfig c : profile.sources()) {
            addSource(c, builder);
        }
        for (StageConfig c : inDependencyOrder(profile.stages())) {
            addStage(c, builder);
        }
        List<TopicInfo> infos = new ArrayList<>();
        topics.values().forEach(t -> infos.add(new TopicInfo(t.name(), t.type(), t.publisher())));
        for (Map.Entry<String, ExtensionFactory> e : registry.extensions().entrySet()) {
            ExtensionSetupImpl setup = new ExtensionSetupImpl(run, e.getKey(), List.copyOf(infos), sinks, sections);
            try {
                e.getValue().configure(setup);
            } catch (ConfigError err) {
                throw err;
            } catch (RuntimeException ex) {
                throw new ConfigError("extension " + e.getKey() + " (" + registry.plugins() + ") failed to set up: " + ex, ex);
            }
        }
        for (StageSetupImpl.SinkRequest r : sinks) {
            addSink(r, builder);
        }
        topics.values().forEach(t -> builder.topic(t, topicStats.get(t.name())));
        sections.forEach(builder::section);
        builder.chains(chains);
        builder.closeAfter(run);
    }

    private <M> void addSource(SourceConfig c, PipelineBuilder builder) throws ConfigError {
        @SuppressWarnings("unchecked")
        SourceType<M> type = (SourceType<M>) registry.source(c.type());
        if (type == null) {
            throw RunContext.error(c.location(), "sources." + c.name() + ".type", "no plugin provides source type '" + c.type() + "'");
        }
        SourceSetupImpl setup = new SourceSetupImpl(run, c);
        Source<M> source;
        try {
            source = type.factory().create(setup);
        } catch (ConfigError e) {
            throw e;
        } catch (RuntimeException e) {
            throw setup.error("source type '" + c.type() + "' (" + registry.owner(c.type()) + ") failed to make the source: " + e);
        }
        setup.params.rejectUnknownKeys();
        boolean ok = type.periodic() ? source instanceof PeriodicSource : source instanceof StreamSource;
        if (!ok) {
            throw setup.error("source type '" + c.type() + "' (" + registry.owner(c.type()) + ") is registered as "
                    + (type.periodic() ? "periodic" : "streaming") + " but made a " + source.getClass().getName());
        }
        Signal signal = new Signal();
        Topic<M> topic = new Topic<>(c.name(), type.messageType(), "source " + c.name(), c.ringSize(), signal);
        TopicStats stats = new TopicStats();
        topics.put(c.name(), topic);
        topicStats.put(c.name(), stats);
        signals.put(c.name(), signal);
        int root = chains.root(c.name());
        builder.source(c, source, topic, stats, root, setup.counters());
    }

    private void addStage(StageConfig c, PipelineBuilder builder) throws ConfigError {
        StageType type = registry.stage(c.type());
        if (type == null) {
            throw RunContext.error(c.location(), "stages." + c.name() + ".type", "no plugin provides stage type '" + c.type() + "'");
        }
        // While recording, the stage's clock keeps what the stage reads during each handling (for exact replay).
        io.afferent.runtime.clock.RecordingClock stageClock = profile.record() != null
                ? new io.afferent.runtime.clock.RecordingClock(clock) : null;
        StageSetupImpl setup = new StageSetupImpl(run, c, type, stageClock != null ? stageClock : clock, topics,
                topicStats, signals, sinks);
        Stage stage;
        try {
            stage = type.factory().create(setup);
        } catch (ConfigError e) {
            throw e;
        } catch (RuntimeException e) {
            throw setup.error("stage type '" + c.type() + "' (" + registry.owner(c.type()) + ") failed to make the stage: " + e);
        }
        setup.params.rejectUnknownKeys();
        StageWakeup wakeup = new StageWakeup();
        StageStats stats = new StageStats(c.name(), c.deadlineUs() * 1000, c.inputs(), setup.counters());
        List<StageInput<?>> inputs = new ArrayList<>();
        for (int i = 0; i < c.inputs().size(); i++) {
            String topicName = c.inputs().get(i);
            Topic<?> topic = topics.get(topicName);
            StageSetupImpl.Subs subs = setup.subscriptions.get(topicName);
            if (subs == null) {
                throw RunContext.error(c.inputLocations().get(i), "stages." + c.name() + ".inputs[" + i + "]",
                        "stage type '" + c.type() + "' did not subscribe its input '" + topicName + "'");
            }
            inputs.add(input(c, i, topic, subs, stats, setup));
            if (c.waitStrategy() == WaitName.BLOCK) {
                signals.get(topicName).add(wakeup);
            }
        }
        for (String declared : type.outputs().keySet()) {
            String topicName = c.outputs().getOrDefault(declared, declared);
            if (!topics.containsKey(topicName)) {
                throw setup.error("stage type '" + c.type() + "' declares output port '" + declared + "' but did not open it");
            }
        }
        LongConsumer heartbeat = heartbeat(c);
        builder.stage(c, stage, stats, inputs, setup.provenance, setup.outputs, setup.counters(), wakeup, heartbeat);
        if (profile.record() != null) {
            String orderName = c.name() + StageOrder.SUFFIX;
            Topic<StageOrder> order = new Topic<>(orderName, StageOrder.TYPE, "stage " + c.name(), 4096, new Signal());
            TopicStats orderStats = new TopicStats();
            topics.put(orderName, order);
            topicStats.put(orderName, orderStats);
            builder.stageOrder(c.name(), TopicWriter.forStage(order, clock, orderStats, new Provenance()), stageClock);
        }
    }

    private <M> StageInput<M> input(StageConfig c, int i, Topic<M> topic, StageSetupImpl.Subs subs, StageStats stats,
                                    StageSetupImpl setup) throws ConfigError {
        Handler<M> handler = handlerFor(topic.type(), subs);
        if (handler == null) {
            List<String> accepted = new ArrayList<>();
            subs.byType.keySet().forEach(t -> accepted.add(t.name()));
            throw RunContext.error(c.inputLocations().get(i), "stages." + c.name() + ".inputs[" + i + "]",
                    "topic '" + topic.name() + "' carries " + topic.type().name() + " messages; stage type '" + c.type()
                            + "' accepts " + (accepted.isEmpty() ? "none" : String.join(", ", accepted)) + " here");
        }
        List<Integer> arriving = chains.chainsOn(topic.name());
        int[] next = new int[chains.size() + arriving.size() + 1];
        java.util.Arrays.fill(next, -1);
        for (int chain : arriving) {
            int ext = chains.extend(chain, c.name());
            if (chain < next.length) {
                next[chain] = ext;
            }
            for (String out : c.outputs().values()) {
                chains.publishes(out, ext);
            }
        }
        return new StageInput<>(topic, c.name(), handler, stats.consumed(topic.name()),
                stats.endToEndByInput().get(topic.name()), next);
    }

    @SuppressWarnings("unchecked")
    static <M> Handler<M> handlerFor(MessageType<M> type, StageSetupImpl.Subs subs) {
        for (Map.Entry<MessageType<?>, Handler<?>> e : subs.byType.entrySet()) {
            if (e.getKey() == type || e.getKey().javaClass() == type.javaClass()) {
                return (Handler<M>) e.getValue();
            }
        }
        return subs.any == null ? null : (Handler<M>) (Handler<?>) subs.any;
    }

    private LongConsumer heartbeat(StageConfig c) throws ConfigError {
        if (c.heartbeat().keys().isEmpty()) {
            return null;
        }
        Heartbeat.Factory f = run.service(Heartbeat.Factory.class).orElseThrow(() -> RunContext.error(
                c.heartbeat().location(), "stages." + c.name() + ".heartbeat",
                "no loaded plugin provides heartbeats (the GPIO drivers plugin does)"));
        ParamsView p = ParamsView.of(c.heartbeat());
        Heartbeat h = f.create(c.name(), p);
        p.rejectUnknownKeys();
        return h::beat;
    }

    private <M> void addSink(StageSetupImpl.SinkRequest r, PipelineBuilder builder) throws ConfigError {
        @SuppressWarnings("unchecked")
        Topic<M> topic = (Topic<M>) topics.get(r.topic());
        if (topic == null) {
            throw r.owner().error("sink '" + r.name() + "' reads topic '" + r.topic() + "', which does not exist (topics: "
                    + String.join(", ", topics.keySet()) + ")");
        }
        if (topic.type().javaClass() != r.type().javaClass()) {
            throw r.owner().error("sink '" + r.name() + "' expects " + r.type().name() + " but topic '" + r.topic()
                    + "' carries " + topic.type().name());
        }
        @SuppressWarnings("unchecked")
        Sink<M> sink = (Sink<M>) r.sink();
        LaggingReader<M> reader = topic.newLaggingReader("sink " + r.name());
        SinkRunner shared = sinkRunners.get(r.name());
        if (shared != null) {
            shared.add(reader, sink);
        } else {
            SinkRunner runner = new SinkRunner(r.name(), reader, sink, clock, builder.errors());
            sinkRunners.put(r.name(), runner);
            builder.sink(runner);
        }
    }

    /** Stages ordered so that each comes after the stages whose outputs it reads (the loader rejected cycles). */
    static List<StageConfig> inDependencyOrder(List<StageConfig> stages) {
        Map<String, StageConfig> byOutput = new HashMap<>();
        stages.forEach(st -> st.outputs().values().forEach(t -> byOutput.put(t, st)));
        List<StageConfig> out = new ArrayList<>();
        java.util.Set<String> done = new java.util.HashSet<>();
        for (StageConfig st : stages) {
            place(st, byOutput, done, out, 0);
        }
        return out;
    }

    private static void place(StageConfig st, Map<String, StageConfig> byOutput, java.util.Set<String> done,
                              List<StageConfig> out, int depth) {
        if (done.contains(st.name()) || depth > 1000) {
            return;
        }
        for (String in : st.inputs()) {
            StageConfig up = byOutput.get(in);
            if (up != null && up != st) {
                place(up, byOutput, done, out, depth + 1);
            }
        }
        if (done.add(st.name())) {
            out.add(st);
        }
    }
}
