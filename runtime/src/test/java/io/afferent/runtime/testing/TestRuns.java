package io.afferent.runtime.testing;

import io.afferent.api.AfferentPlugin;
import io.afferent.api.ConfigError;
import io.afferent.api.ExtensionFactory;
import io.afferent.api.Handler;
import io.afferent.api.MessageType;
import io.afferent.api.Registry;
import io.afferent.api.Source;
import io.afferent.api.SourceSetup;
import io.afferent.api.SourceType;
import io.afferent.api.Stage;
import io.afferent.api.StageFactory;
import io.afferent.api.StageType;
import io.afferent.api.msg.GpsFix;
import io.afferent.api.msg.Imu;
import io.afferent.config.Profile;
import io.afferent.runtime.clock.NanoClock;
import io.afferent.runtime.plugin.PluginRegistry;
import io.afferent.runtime.plugin.RunAssembler;
import io.afferent.runtime.rt.RealtimePlatform;
import io.afferent.runtime.run.Pipeline;
import io.afferent.runtime.run.PipelineBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs built the way the CLI builds them, with the test's own parts: a test plugin registers source types
 * {@code periodic} ({@link Imu}) and {@code stream} ({@link GpsFix}) whose factories hand out the source instances
 * the test supplied by source name, stage type {@code test} made by a test-supplied factory, and any further
 * source or stage types the test declares; the profile goes through the real loader with the registry's catalogue,
 * and the run through {@link RunAssembler} into a {@link Pipeline}.
 *
 * <pre>{@code
 * Pipeline p = TestRuns.create().source("a", new CountingSource()).stage(TestRuns.everyInput(counter))
 *         .pipeline("sources: {a: {type: periodic, rate_hz: 1000}} ...");
 * }</pre>
 */
public final class TestRuns {
    private final Map<String, Source<?>> sources = new HashMap<>();
    private final List<SourceType<?>> sourceTypes = new ArrayList<>();
    private final List<StageType> stageTypes = new ArrayList<>();
    private final Map<String, ExtensionFactory> extensions = new java.util.LinkedHashMap<>();
    private final List<Source<?>> inOrder = new ArrayList<>();
    private NanoClock clock = NanoClock.SYSTEM;
    private Path reportDir;
    private io.afferent.config.ReportConfig report;
    private Path runDir;

    private TestRuns() {
        periodicType("periodic", Imu.TYPE);
        streamType("stream", GpsFix.TYPE);
    }

    public static TestRuns create() {
        return new TestRuns();
    }

    /** The source the profile's source {@code name} gets, whatever its type. */
    public TestRuns source(String name, Source<?> source) {
        sources.put(name, source);
        return this;
    }

    /** Each of {@code list} for the profile's sources, in the order the profile names them. */
    public TestRuns sources(List<? extends Source<?>> list) {
        inOrder.addAll(list);
        return this;
    }

    /** A periodic source type publishing {@code type}; its sources are those given with {@link #source}. */
    public <M> TestRuns periodicType(String name, MessageType<M> type) {
        sourceTypes.add(SourceType.periodic(name, type, this::lookUp));
        return this;
    }

    /** A stream source type publishing {@code type}; its sources are those given with {@link #source}. */
    public <M> TestRuns streamType(String name, MessageType<M> type) {
        sourceTypes.add(SourceType.stream(name, type, this::lookUp));
        return this;
    }

    /** Stage type {@code test}, made by {@code factory}, with no outputs. */
    public TestRuns stage(StageFactory factory) {
        return stageType(StageType.of("test", factory));
    }

    /** A further stage type (with its output ports). */
    public TestRuns stageType(StageType type) {
        stageTypes.add(type);
        return this;
    }

    /** An extension of the run (sinks on any topic, report sections). */
    public TestRuns extension(String name, ExtensionFactory factory) {
        extensions.put(name, factory);
        return this;
    }

    public TestRuns clock(NanoClock c) {
        this.clock = c;
        return this;
    }

    /** Where the run's factories see their report directory (a new temporary one by default). */
    public TestRuns reportDir(Path dir) {
        this.reportDir = dir;
        return this;
    }

    /** The pipeline's report settings and where it writes summary.json and timing.hlog (none by default). */
    public TestRuns report(io.afferent.config.ReportConfig config, Path dir) {
        this.report = config;
        this.runDir = dir;
        return this;
    }

    @SuppressWarnings("unchecked")
    private <M> Source<M> lookUp(SourceSetup setup) throws ConfigError {
        Source<?> s = sources.get(setup.name());
        if (s == null) {
            throw setup.error("the test supplied no source named '" + setup.name() + "'");
        }
        return (Source<M>) s;
    }

    /** The registry of the core plugin and this test's plugin, as the CLI's loader would build it. */
    public PluginRegistry registry() {
        PluginRegistry r = new PluginRegistry();
        r.add(new io.afferent.runtime.plugin.CorePlugin(), "built in");
        r.add(new AfferentPlugin() {
            @Override
            public String name() {
                return "test";
            }

            @Override
            public void register(Registry registry) {
                sourceTypes.forEach(registry::source);
                stageTypes.forEach(registry::stage);
                extensions.forEach(registry::extension);
            }
        }, "test code");
        return r;
    }

    /** Loads {@code yaml} with the real loader against this run's types. */
    public Profile profile(String yaml) {
        return Profiles.load(yaml, registry().catalog());
    }

    /** A pipeline of the profile {@code yaml}: its sources from {@link #source} or, in profile order, {@link #sources}. */
    public Pipeline pipeline(String yaml) throws Exception {
        return pipeline(profile(yaml));
    }

    public Pipeline pipeline(Profile p) throws Exception {
        for (int i = 0; i < inOrder.size(); i++) {
            sources.putIfAbsent(p.sources().get(i).name(), inOrder.get(i));
        }
        RealtimePlatform platform = RealtimePlatform.detect();
        PipelineBuilder b = Pipeline.builder(clock, platform, (name, s) -> platform.currentThread());
        Path dir = reportDir;
        if (dir == null) {
            try {
                dir = Files.createTempDirectory("afferent-test");
                dir.toFile().deleteOnExit();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        RunAssembler.assemble(p, registry(), clock, clock.nanoTime(), dir, b);
        if (report != null) {
            b.report(report, runDir, p.name());
        }
        return b.build();
    }

    /** A stage type {@code test} factory: {@code stage} handles every input, whatever its type. */
    public static <S extends Stage & Handler<Object>> StageFactory everyInput(S stage) {
        return setup -> {
            for (String in : setup.inputs()) {
                setup.subscribe(in).onAny(stage);
            }
            return stage;
        };
    }
}
