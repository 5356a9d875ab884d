package io.afferent.sim;

import io.afferent.api.AfferentPlugin;
import io.afferent.api.Clock;
import io.afferent.api.ConfigError;
import io.afferent.api.Counter;
import io.afferent.api.ExtensionFactory;
import io.afferent.api.ExtensionSetup;
import io.afferent.api.MessageType;
import io.afferent.api.Params;
import io.afferent.api.ReportSection;
import io.afferent.api.Robot;
import io.afferent.api.RunHook;
import io.afferent.api.Sink;
import io.afferent.api.Source;
import io.afferent.api.SourceSetup;
import io.afferent.api.SourceType;
import io.afferent.api.TopicInfo;
import io.afferent.config.ConfigMap;
import io.afferent.config.Location;
import io.afferent.config.Profile;
import io.afferent.config.SourceConfig;
import io.afferent.runtime.plugin.ParamsView;
import io.afferent.runtime.plugin.PluginRegistry;
import io.afferent.runtime.plugin.RunContext;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Supplier;

/**
 * A run's set-up as the run assembler does it, for tests, with the runtime's own parts: the simulator plugin found
 * with {@link ServiceLoader} registers into a {@link PluginRegistry}, its run hooks see a {@link RunContext} (the
 * profile's sections as {@link ParamsView}s, services), sources are made by their registered factories and
 * extensions add report sections. Set-up only: no topics, no threads.
 */
final class TestRun {
    final PluginRegistry registry = new PluginRegistry();
    final RunContext run;
    final List<ReportSection> report = new ArrayList<>();

    private TestRun(Profile profile, long originNanos) {
        this.run = new RunContext(profile, System::nanoTime, originNanos, Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** The plugin named "sim" as the runtime finds it: through META-INF/services. */
    static AfferentPlugin simPlugin() {
        for (AfferentPlugin p : ServiceLoader.load(AfferentPlugin.class)) {
            if (p.name().equals("sim")) {
                return p;
            }
        }
        throw new AssertionError("no plugin named sim on the class path");
    }

    /** Registers the simulator plugin and runs its hooks for {@code profile}. */
    static TestRun of(Profile profile, long originNanos) throws ConfigError {
        TestRun r = new TestRun(profile, originNanos);
        r.registry.add(simPlugin(), "class path");
        for (RunHook h : r.registry.runHooks()) {
            h.beforeRun(r.run);
        }
        return r;
    }

    <T> Optional<T> service(Class<T> type) {
        return run.service(type);
    }

    /** Makes the source of {@code c} with the factory registered for its type, as the run assembler does. */
    Source<?> source(SourceConfig c) throws ConfigError {
        SourceType<?> t = registry.source(c.type());
        if (t == null) {
            throw new AssertionError("no source type " + c.type());
        }
        Element e = new Element(c.name(), c.location(), "sources." + c.name(), c.params(), c.rateHz());
        Source<?> s = t.factory().create(e);
        e.params.rejectUnknownKeys();
        return s;
    }

    /** Configures every extension; returns the report sections they added. */
    List<ReportSection> extensions() throws ConfigError {
        for (Map.Entry<String, ExtensionFactory> e : registry.extensions().entrySet()) {
            Location at = new Location("test.yaml", 0, 0);
            e.getValue().configure(new Element(e.getKey(), at, "extensions." + e.getKey(),
                    ConfigMap.empty(at, "extensions." + e.getKey()), 0));
        }
        return report;
    }

    /** One element of the profile being made: a source or an extension. */
    private final class Element implements SourceSetup, ExtensionSetup {
        private final String name;
        private final Location location;
        private final String path;
        private final ParamsView params;
        private final double rateHz;

        Element(String name, Location location, String path, ConfigMap params, double rateHz) {
            this.name = name;
            this.location = location;
            this.path = path;
            this.params = ParamsView.of(params);
            this.rateHz = rateHz;
        }

        @Override public String name() { return name; }
        @Override public Params params() { return params; }
        @Override public Clock clock() { return run.clock(); }
        @Override public long originNanos() { return run.originNanos(); }
        @Override public Robot robot() { return run.robot(); }
        @Override public Params section(String key) { return run.section(key); }
        @Override public Path reportDir() { throw new AssertionError("the simulator writes no files"); }
        @Override public Counter counter(String n) { throw new AssertionError("the simulator keeps no counters"); }
        @Override public <T> T shared(Class<T> key, Supplier<T> make) { return run.shared(key, make); }
        @Override public <T> Optional<T> service(Class<T> type) { return run.service(type); }
        @Override public void onClose(AutoCloseable closer) { run.onClose(closer); }
        @Override public ConfigError error(String message) { return RunContext.error(location, path, message); }
        @Override public double rateHz() { return rateHz; }
        @Override public long periodNanos() { return rateHz > 0 ? Math.round(1e9 / rateHz) : 0; }
        @Override public List<TopicInfo> topics() { return List.of(); }

        @Override
        public <M> void sink(String n, String topic, MessageType<M> type, Sink<M> sink) {
            throw new AssertionError("the simulator subscribes nothing");
        }

        @Override public void report(ReportSection section) { report.add(section); }
    }
}
