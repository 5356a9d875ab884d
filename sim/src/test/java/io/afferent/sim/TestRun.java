package io.afferent.sim;

import io.afferent.api.AfferentPlugin;
import io.afferent.api.Clock;
import io.afferent.api.ConfigError;
import io.afferent.api.Counter;
import io.afferent.api.ExtensionFactory;
import io.afferent.api.ExtensionSetup;
import io.afferent.api.MessageType;
import io.afferent.api.Params;
import io.afferent.api.Registry;
import io.afferent.api.ReportSection;
import io.afferent.api.Robot;
import io.afferent.api.RunHook;
import io.afferent.api.RunSetup;
import io.afferent.api.Sink;
import io.afferent.api.Source;
import io.afferent.api.SourceSetup;
import io.afferent.api.SourceType;
import io.afferent.api.StageFactory;
import io.afferent.api.TopicInfo;
import io.afferent.config.ConfigException;
import io.afferent.config.ConfigMap;
import io.afferent.config.Location;
import io.afferent.config.Profile;
import io.afferent.config.SourceConfig;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Supplier;

/**
 * A run's set-up as the runtime does it, for tests: the simulator plugin found with {@link ServiceLoader} registers
 * its types, its run hooks see the profile's sections and provide services, sources are made by their registered
 * factories and extensions add report sections. Set-up only: nothing here runs threads.
 */
final class TestRun implements Registry, RunSetup {
    final Map<String, SourceType<?>> sourceTypes = new LinkedHashMap<>();
    final Map<String, ExtensionFactory> extensions = new LinkedHashMap<>();
    final List<RunHook> hooks = new ArrayList<>();
    final Map<Class<?>, Object> services = new LinkedHashMap<>();
    final List<ReportSection> report = new ArrayList<>();
    private final Profile profile;
    private final long originNanos;
    private final Clock clock;

    private TestRun(Profile profile, long originNanos, Clock clock) {
        this.profile = profile;
        this.originNanos = originNanos;
        this.clock = clock;
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
        TestRun r = new TestRun(profile, originNanos, System::nanoTime);
        simPlugin().register(r);
        for (RunHook h : r.hooks) {
            h.beforeRun(r);
        }
        return r;
    }

    /** Makes the source of {@code c} with the factory registered for its type, as the run assembler does. */
    Source<?> source(SourceConfig c) throws ConfigError {
        SourceType<?> t = sourceTypes.get(c.type());
        if (t == null) {
            throw new AssertionError("no source type " + c.type());
        }
        return t.factory().create(new Element(c.name(), c.location(), "sources." + c.name(), c.params(), c.rateHz()));
    }

    /** Configures every extension; returns the report sections they added. */
    List<ReportSection> extensions() throws ConfigError {
        for (Map.Entry<String, ExtensionFactory> e : extensions.entrySet()) {
            e.getValue().configure(new Element(e.getKey(), new Location("test.yaml", 0, 0), "extensions." + e.getKey(),
                    ConfigMap.empty(new Location("test.yaml", 0, 0), "extensions." + e.getKey()), 0));
        }
        return report;
    }

    <T> Optional<T> service(Class<T> type) {
        return Optional.ofNullable(type.cast(services.get(type)));
    }

    // ---- Registry ----
    @Override public void message(MessageType<?> type) { }

    @Override
    public void source(SourceType<?> type) {
        if (sourceTypes.put(type.name(), type) != null) {
            throw new AssertionError("registered twice: " + type.name());
        }
    }

    @Override public void stage(io.afferent.api.StageType type) { throw new AssertionError("the simulator has no stage"); }
    @Override public void extension(String name, ExtensionFactory factory) { extensions.put(name, factory); }
    @Override public void runHook(RunHook hook) { hooks.add(hook); }

    // ---- RunSetup ----
    @Override
    public Params section(String key) {
        if (!key.equals("sim")) {
            throw new AssertionError("the test profile has only a sim section, not " + key);
        }
        return new ConfigParams(profile.sim());
    }

    @Override public Clock clock() { return clock; }
    @Override public long originNanos() { return originNanos; }

    @Override
    public Robot robot() {
        return new Robot(profile.robot().wheelRadiusM(), profile.robot().wheelBaseM(), profile.robot().encoderTicksPerRev());
    }

    @Override
    public boolean uses(String type) {
        return profile.sources().stream().anyMatch(s -> s.type().equals(type));
    }

    @Override
    public <T> void provide(Class<T> type, T service) {
        services.put(type, service);
    }

    @Override public void onClose(AutoCloseable closer) { }

    /** One element of the profile being made: a source or an extension. */
    private final class Element implements SourceSetup, ExtensionSetup {
        private final String name;
        private final Location location;
        private final String path;
        private final Params params;
        private final double rateHz;

        Element(String name, Location location, String path, ConfigMap params, double rateHz) {
            this.name = name;
            this.location = location;
            this.path = path;
            this.params = new ConfigParams(params);
            this.rateHz = rateHz;
        }

        @Override public String name() { return name; }
        @Override public Params params() { return params; }
        @Override public Clock clock() { return clock; }
        @Override public long originNanos() { return originNanos; }
        @Override public Robot robot() { return TestRun.this.robot(); }
        @Override public Params section(String key) { return TestRun.this.section(key); }
        @Override public Path reportDir() { throw new AssertionError("the simulator writes no files"); }
        @Override public Counter counter(String n) { throw new AssertionError("the simulator keeps no counters"); }
        @Override public <T> T shared(Class<T> key, Supplier<T> make) { throw new AssertionError("nothing shared"); }
        @Override public <T> Optional<T> service(Class<T> type) { return TestRun.this.service(type); }
        @Override public void onClose(AutoCloseable closer) { }

        @Override
        public ConfigError error(String message) {
            return new ConfigError(new ConfigException(location, path, message).getMessage());
        }

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
