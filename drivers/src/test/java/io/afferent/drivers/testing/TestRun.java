package io.afferent.drivers.testing;

import io.afferent.api.AfferentPlugin;
import io.afferent.api.Clock;
import io.afferent.api.ConfigError;
import io.afferent.api.Counter;
import io.afferent.api.ExtensionFactory;
import io.afferent.api.Heartbeat;
import io.afferent.api.MessageType;
import io.afferent.api.Params;
import io.afferent.api.Registry;
import io.afferent.api.Robot;
import io.afferent.api.RunHook;
import io.afferent.api.RunSetup;
import io.afferent.api.Source;
import io.afferent.api.SourceSetup;
import io.afferent.api.SourceType;
import io.afferent.api.StageFactory;
import io.afferent.config.ConfigException;
import io.afferent.config.ConfigMap;
import io.afferent.config.YamlReader;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Supplier;

/**
 * Test-only stand-in for the runtime's run assembly, as far as the drivers plugin needs it: plugins found with
 * {@link ServiceLoader} (so the service file is tested too), a profile parsed from YAML text (real file:line:col in
 * errors), run hooks with provided services, sources made by their registered factories from
 * {@code sources.NAME.params}, and heartbeats from {@code stages.NAME.heartbeat}. {@link #close()} runs what the run
 * registered to close, in reverse. Set-up thread.
 */
public final class TestRun implements AutoCloseable {
    private final ConfigMap profile;
    private final Map<String, SourceType<?>> types = new LinkedHashMap<>();
    private final List<RunHook> hooks = new ArrayList<>();
    private final List<String> plugins = new ArrayList<>();
    private final Map<Class<?>, Object> services = new HashMap<>();
    private final Map<Class<?>, Object> shared = new HashMap<>();
    private final Deque<AutoCloseable> closers = new ArrayDeque<>();
    private final Clock clock;
    private final long originNanos;
    private boolean hooksRan;

    private TestRun(ConfigMap profile, Clock clock) {
        this.profile = profile;
        this.clock = clock;
        this.originNanos = clock.nanoTime();
        for (AfferentPlugin p : ServiceLoader.load(AfferentPlugin.class)) {
            plugins.add(p.name());
            p.register(new Collecting());
        }
    }

    /** A run of the profile {@code yaml}, as if read from {@code fileName}, on the system clock. */
    public static TestRun of(String fileName, String yaml) throws ConfigException {
        return new TestRun(YamlReader.read(fileName, yaml), System::nanoTime);
    }

    /** The same on {@code clock} (a manual clock); the run's origin is its reading now. */
    public static TestRun of(String fileName, String yaml, Clock clock) throws ConfigException {
        return new TestRun(YamlReader.read(fileName, yaml), clock);
    }

    public static TestRun of(Path file) throws ConfigException {
        return new TestRun(YamlReader.read(file), System::nanoTime);
    }

    /** Provides a service as another plugin's run hook would (the simulator's ground truth); before any source. */
    public <T> TestRun provide(Class<T> type, T service) {
        services.put(type, service);
        return this;
    }

    /** Makes sources without running the plugins' run hooks (a runtime that has none). */
    public TestRun withoutRunHooks() {
        hooksRan = true;
        return this;
    }

    /** A service provided for this run (by a run hook or {@link #provide}). */
    public <T> T service(Class<T> type) {
        return type.cast(services.get(type));
    }

    /** An object shared by this run's factories ({@code Setup.shared}), or null. */
    public <T> T sharedObject(Class<T> key) {
        return key.cast(shared.get(key));
    }

    public List<String> plugins() {
        return plugins;
    }

    public Map<String, SourceType<?>> types() {
        return types;
    }

    public long originNanos() {
        return originNanos;
    }

    private void runHooks() throws ConfigError {
        if (!hooksRan) {
            hooksRan = true;
            for (RunHook h : hooks) {
                h.beforeRun(new TestRunSetup());
            }
        }
    }

    /** Makes source {@code name} from its profile entry with its type's registered factory. */
    public Source<?> source(String name) throws ConfigError {
        runHooks();
        ConfigMap entry = wrap(() -> profile.map("sources").map(name));
        String type = wrap(() -> entry.string("type"));
        SourceType<?> t = types.get(type);
        if (t == null) {
            throw new ConfigError("no source type '" + type + "' (known: " + types.keySet() + ")");
        }
        double rateHz = wrap(() -> entry.number("rate_hz", 0, 0, 1e6));
        return t.factory().create(new TestSourceSetup(name, new YamlParams(wrap(() -> entry.map("params"))), rateHz));
    }

    /** The heartbeat of stage {@code name} from its {@code heartbeat:} map, made by the provided factory. */
    public Heartbeat heartbeat(String stage) throws ConfigError {
        runHooks();
        ConfigMap h = wrap(() -> profile.map("stages").map(stage).map("heartbeat"));
        Heartbeat.Factory f = (Heartbeat.Factory) services.get(Heartbeat.Factory.class);
        if (f == null) {
            throw new ConfigError("no plugin provides heartbeats");
        }
        return f.create(stage, new YamlParams(h));
    }

    @Override
    public void close() throws Exception {
        while (!closers.isEmpty()) {
            closers.pop().close();
        }
    }

    private interface Read<T> {
        T get() throws ConfigException;
    }

    private static <T> T wrap(Read<T> r) throws ConfigError {
        try {
            return r.get();
        } catch (ConfigException e) {
            throw new ConfigError(e.getMessage(), e);
        }
    }

    private Robot robot() {
        try {
            ConfigMap r = profile.map("robot");
            return new Robot(r.number("wheel_radius_m", 0.05, 0.001, 10), r.number("wheel_base_m", 0.30, 0.01, 10),
                    (int) r.integer("encoder_ticks_per_rev", 1440, 1, 1 << 24));
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private final class Collecting implements Registry {
        @Override
        public void message(MessageType<?> type) {
        }

        @Override
        public void source(SourceType<?> type) {
            if (types.putIfAbsent(type.name(), type) != null) {
                throw new IllegalStateException("source type " + type.name() + " registered twice");
            }
        }

        @Override
        public void stage(io.afferent.api.StageType type) {
        }

        @Override
        public void extension(String name, ExtensionFactory factory) {
        }

        @Override
        public void runHook(RunHook hook) {
            hooks.add(hook);
        }
    }

    /** What the run's set-up and the factories' set-up have in common. */
    private abstract class Common {
        public Params section(String key) {
            return new YamlParams(ConfigMap.empty(profile.location(), key));
        }

        public Clock clock() {
            return clock;
        }

        public long originNanos() {
            return originNanos;
        }

        public Robot robot() {
            return TestRun.this.robot();
        }

        public void onClose(AutoCloseable closer) {
            closers.push(closer);
        }
    }

    private final class TestRunSetup extends Common implements RunSetup {
        @Override
        public boolean uses(String type) {
            return true;
        }

        @Override
        public <T> void provide(Class<T> type, T service) {
            services.put(type, service);
        }
    }

    private final class TestSourceSetup extends Common implements SourceSetup {
        private final String name;
        private final Params params;
        private final double rateHz;

        TestSourceSetup(String name, Params params, double rateHz) {
            this.name = name;
            this.params = params;
            this.rateHz = rateHz;
        }

        @Override
        public double rateHz() {
            return rateHz;
        }

        @Override
        public long periodNanos() {
            return rateHz > 0 ? Math.round(1e9 / rateHz) : 0;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Params params() {
            return params;
        }

        @Override
        public Path reportDir() {
            throw new UnsupportedOperationException("no report directory in drivers tests");
        }

        @Override
        public Counter counter(String counterName) {
            return new TestCounter();
        }

        @Override
        public <T> T shared(Class<T> key, Supplier<T> make) {
            Object o = shared.get(key);
            if (o == null) {
                o = make.get();
                shared.put(key, o);
                if (o instanceof AutoCloseable c) {
                    closers.push(c);
                }
            }
            return key.cast(o);
        }

        @Override
        public <T> Optional<T> service(Class<T> type) {
            return Optional.ofNullable(type.cast(services.get(type)));
        }

        @Override
        public ConfigError error(String message) {
            return new ConfigError(profile.location() + ": sources." + name + ": " + message);
        }
    }
}
