package io.afferent.runtime.plugin;

import io.afferent.api.ConfigError;
import io.afferent.api.Handler;
import io.afferent.api.MessageType;
import io.afferent.api.Stage;
import io.afferent.api.StageType;
import io.afferent.config.Profile;
import io.afferent.config.SourceConfig;
import io.afferent.config.StageConfig;
import io.afferent.runtime.clock.NanoClock;
import io.afferent.runtime.topic.Provenance;
import io.afferent.runtime.topic.Signal;
import io.afferent.runtime.topic.Topic;
import io.afferent.runtime.topic.TopicStats;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes a profile's stages for replay, without its sources, threads or extensions: each source becomes a bare
 * topic that replay fills from a recording, each stage is made by its registered factory exactly as in a run (same
 * params, same subscriptions, same output topics), so that replay calls the same handlers in the recorded order on a
 * virtual clock. Stages of a type that drives hardware ({@link StageType#actuates()}: the outputs) are not made:
 * replay never moves a motor; the commands sent to them are compared as the outputs of the stages that published
 * them. Set-up thread; the result is used by one thread.
 */
public final class ReplayAssembler {
    /** One stage made for replay: its handlers by input index, and the provenance its outputs publish with. */
    public record ReplayStage(String name, Stage stage, List<String> inputs, List<Handler<?>> handlers,
                              Provenance provenance, List<String> outputs) {
    }

    /**
     * The made stages (in dependency order), every topic by name, the run context to close at the end, and the
     * profile's output stages, which replay does not make.
     */
    public record ReplayPlan(List<ReplayStage> stages, Map<String, Topic<?>> topics, RunContext run,
                             List<String> outputsNotDriven) {
    }

    private ReplayAssembler() {
    }

    public static ReplayPlan assemble(Profile profile, PluginRegistry registry, NanoClock clock, long originNanos,
                                      Path reportDir) throws ConfigError {
        RunContext run = new RunContext(profile, clock, originNanos, reportDir);
        Map<String, Topic<?>> topics = new LinkedHashMap<>();
        Map<String, TopicStats> stats = new LinkedHashMap<>();
        Map<String, Signal> signals = new HashMap<>();
        List<StageSetupImpl.SinkRequest> ignoredSinks = new ArrayList<>();
        try {
            for (SourceConfig c : profile.sources()) {
                var type = registry.source(c.type());
                if (type == null) {
                    throw RunContext.error(c.location(), "sources." + c.name() + ".type",
                            "no plugin provides source type '" + c.type() + "'");
                }
                Signal s = new Signal();
                topics.put(c.name(), new Topic<>(c.name(), type.messageType(), "source " + c.name(), c.ringSize(), s));
                stats.put(c.name(), new TopicStats());
                signals.put(c.name(), s);
            }
            List<ReplayStage> out = new ArrayList<>();
            List<String> notDriven = new ArrayList<>();
            for (StageConfig c : RunAssembler.inDependencyOrder(profile.stages())) {
                StageType type = registry.stage(c.type());
                if (type == null) {
                    throw RunContext.error(c.location(), "stages." + c.name() + ".type",
                            "no plugin provides stage type '" + c.type() + "' (loaded: " + registry.plugins() + ")");
                }
                if (type.actuates()) {
                    notDriven.add(c.name());
                    continue;
                }
                StageSetupImpl setup = new StageSetupImpl(run, c, type, clock, topics, stats, signals, ignoredSinks);
                Stage stage;
                try {
                    stage = type.factory().create(setup);
                } catch (ConfigError e) {
                    throw e;
                } catch (RuntimeException e) {
                    throw setup.error("stage type '" + c.type() + "' failed to make the stage: " + e);
                }
                setup.params.rejectUnknownKeys();
                List<Handler<?>> handlers = new ArrayList<>();
                for (int i = 0; i < c.inputs().size(); i++) {
                    Topic<?> topic = topics.get(c.inputs().get(i));
                    StageSetupImpl.Subs subs = setup.subscriptions.get(c.inputs().get(i));
                    Handler<?> h = subs == null ? null : handler(topic.type(), subs);
                    if (h == null) {
                        throw RunContext.error(c.inputLocations().get(i), "stages." + c.name() + ".inputs[" + i + "]",
                                "stage type '" + c.type() + "' does not handle topic '" + c.inputs().get(i) + "'");
                    }
                    handlers.add(h);
                }
                out.add(new ReplayStage(c.name(), stage, c.inputs(), handlers, setup.provenance,
                        List.copyOf(c.outputs().values())));
            }
            return new ReplayPlan(out, topics, run, List.copyOf(notDriven));
        } catch (ConfigError | RuntimeException e) {
            run.close();
            throw e;
        }
    }

    private static <M> Handler<M> handler(MessageType<M> type, StageSetupImpl.Subs subs) {
        return RunAssembler.handlerFor(type, subs);
    }
}
