package io.afferent.runtime.run;

import io.afferent.api.PeriodicSource;
import io.afferent.api.Stage;
import io.afferent.api.StreamSource;
import io.afferent.config.SourceConfig;
import io.afferent.config.StageConfig;
import io.afferent.config.ThreadSettings;
import io.afferent.runtime.reader.PeriodicAgent;
import io.afferent.runtime.reader.ReaderAgent;
import io.afferent.runtime.reader.ReaderLoop;
import io.afferent.runtime.reader.StreamAgent;
import io.afferent.runtime.stage.FanInStage;
import io.afferent.runtime.stage.SinkRunner;
import io.afferent.runtime.thread.Log;
import io.afferent.runtime.thread.ManagedThread;
import io.afferent.runtime.thread.RunControl;
import io.afferent.runtime.timing.SourceStats;
import io.afferent.runtime.topic.Topic;
import io.afferent.runtime.topic.TopicWriter;
import io.afferent.runtime.wait.DeadlineWaiters;
import io.afferent.runtime.wait.IdleStrategies;
import io.afferent.runtime.wait.StageWakeup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The threads of a pipeline, made (not started) from its builder: one reader thread per {@code thread:} name of the
 * sources, one thread per stage, one per sink. Each reader and stage thread counts {@link #ready} down once it can
 * run (sources open and real-time settings applied; the stage warmed up), so the timeline starts after them.
 */
final class PipelineThreads {
    final List<SourceEntry> sources = new ArrayList<>();
    final List<ManagedThread> readers = new ArrayList<>();
    final List<StageEntry> stages = new ArrayList<>();
    final List<SinkEntry> sinks = new ArrayList<>();
    final CountDownLatch ready;
    private final PipelineBuilder b;
    private final RunControl control;
    private final Placement.Pins pins;

    PipelineThreads(PipelineBuilder b, RunControl control) {
        this.b = b;
        this.control = control;
        for (PipelineBuilder.SourceSpec sp : b.sources) {
            SourceConfig c = sp.config();
            SourceStats stats = new SourceStats(c.name(), c.periodic() ? c.periodNanos() : 0);
            sources.add(new SourceEntry(c, sp.source(), stats, sp.topic(), sp.topicStats(), sp.rootChain(),
                    sp.counters()));
        }
        this.pins = Placement.colocate(b.stages.stream().map(PipelineBuilder.StageSpec::config).toList(),
                b.sources.stream().map(PipelineBuilder.SourceSpec::config).toList(), b.colocateOn);
        long readerThreadCount = sources.stream().map(s -> s.config().thread()).distinct().count();
        ready = new CountDownLatch((int) readerThreadCount + b.stages.size());
        for (PipelineBuilder.StageSpec st : b.stages) {
            stages.add(stage(st));
        }
        for (SinkRunner r : b.sinks) {
            sinks.add(new SinkEntry(new ManagedThread("sink-" + r.name(), "sink " + r.name(), ThreadSettings.DEFAULT,
                    (n, s) -> b.platform.currentThread(), control, b.errors, r), r));
        }
        Map<String, List<SourceEntry>> byThread = new LinkedHashMap<>();
        for (SourceEntry s : sources) {
            byThread.computeIfAbsent(s.config().thread(), k -> new ArrayList<>()).add(s);
        }
        for (Map.Entry<String, List<SourceEntry>> e : byThread.entrySet()) {
            readers.add(readerThread(e.getKey(), e.getValue()));
        }
    }

    private StageEntry stage(PipelineBuilder.StageSpec st) {
        StageConfig c = st.config();
        StageWakeup w = st.wakeup();
        boolean terminal = st.outputs().isEmpty();
        FanInStage stage = new FanInStage(c.name(), st.stage(), st.stats(), st.inputs(), st.provenance(), b.chains,
                terminal, b.clock, control, b.errors, c.onError(), IdleStrategies.create(c.waitStrategy(), w), w,
                st.heartbeat());
        ThreadSettings rt = pins.stages().containsKey(c.name()) ? c.rt().withCpus(pins.stages().get(c.name())) : c.rt();
        ManagedThread t = new ManagedThread("stage-" + c.name(), "stage " + c.name(), rt, b.rtApplier, control,
                b.errors, () -> {
                    warmUp(c.name(), st.stage());
                    stage.run();
                });
        if (b.stageOrders.containsKey(c.name())) {
            stage.recordOrder(b.stageOrders.get(c.name()), b.stageClocks.get(c.name()));
        }
        return new StageEntry(c, stage, w, t, st.counters());
    }

    /** Stage thread, before the timeline: the stage's warm-up (see {@link Stage#warmUp}), then ready. */
    private void warmUp(String stageName, Stage processor) {
        try {
            processor.warmUp();
        } catch (Throwable t) {
            Log.warn("stage " + stageName + ": warm-up failed (" + t + "); it starts cold");
        } finally {
            ready.countDown();
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
        ReaderLoop loop = new ReaderLoop(agents, b.clock, control,
                DeadlineWaiters.forReader(first.waitStrategy(), b.platform, rt.spinNs()),
                IdleStrategies.create(first.waitStrategy(), null), ready::countDown);
        String role = group.size() == 1 ? "source " + first.name()
                : "sources " + String.join(",", group.stream().map(s -> s.config().name()).toList());
        return new ManagedThread("reader-" + threadName, role, rt, b.rtApplier, control, b.errors, loop);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private ReaderAgent<?> agent(SourceEntry s) {
        TopicWriter publisher = TopicWriter.forSource((Topic) s.topic(), s.config().overflow(), b.clock,
                control::running, s.topicStats(), s.stats(), s.rootChain());
        return switch (s.source()) {
            case PeriodicSource p -> new PeriodicAgent(s.config(), p, s.stats(), publisher, b.clock, control, b.errors);
            case StreamSource st -> new StreamAgent(s.config(), st, s.stats(), publisher, b.clock, control, b.errors);
            default -> throw new IllegalArgumentException("source " + s.config().name()
                    + " is neither a PeriodicSource nor a StreamSource");
        };
    }
}
