package io.afferent.runtime.plugin;

import io.afferent.api.Clock;
import io.afferent.api.ConfigError;
import io.afferent.api.Params;
import io.afferent.api.Robot;
import io.afferent.api.RunLog;
import io.afferent.api.RunSetup;
import io.afferent.config.ConfigMap;
import io.afferent.config.Location;
import io.afferent.config.Profile;
import io.afferent.runtime.thread.RunLogs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What one run's factories share: the profile's sections, the clock and time origin, the report directory, the
 * services plugins provide, per-run shared objects and what to close at the end. Set-up thread; {@link #close()}
 * on the main thread after every thread of the run stopped.
 */
public final class RunContext implements RunSetup, AutoCloseable {
    private final Profile profile;
    private final Clock clock;
    private final long originNanos;
    private final Path reportDir;
    private final Map<Class<?>, Object> services = new LinkedHashMap<>();
    private final Map<Class<?>, Object> shared = new LinkedHashMap<>();
    private final List<AutoCloseable> closers = new ArrayList<>();
    private final Map<String, ParamsView> sections = new LinkedHashMap<>();
    private volatile io.afferent.runtime.thread.RunControl control;

    public RunContext(Profile profile, Clock clock, long originNanos, Path reportDir) {
        this.profile = profile;
        this.clock = clock;
        this.originNanos = originNanos;
        this.reportDir = reportDir;
    }

    /** The run these factories belong to, for {@link #stopRun}; set by the assembler. */
    public void control(io.afferent.runtime.thread.RunControl control) {
        this.control = control;
    }

    /** {@link io.afferent.api.RunStopper}: stops the run in order with exit code 1. Any thread. */
    public void stopRun(String reason) {
        io.afferent.runtime.thread.RunControl c = control;
        if (c == null) {
            throw new IllegalStateException("no run to stop (" + reason + ")");
        }
        c.fail(reason);
    }

    public Profile profile() {
        return profile;
    }

    @Override
    public Params section(String key) {
        return sections.computeIfAbsent(key, k -> switch (k) {
            case "sim" -> ParamsView.of(profile.sim());
            case "record" -> profile.record() == null
                    ? ParamsView.of(ConfigMap.empty(new Location(String.valueOf(profile.file()), 1, 1), k))
                    : ParamsView.of(profile.record());
            default -> ParamsView.of(ConfigMap.empty(new Location(String.valueOf(profile.file()), 1, 1), k));
        });
    }

    /** Whether the profile has the top-level section {@code key}. */
    public boolean hasSection(String key) {
        return switch (key) {
            case "sim" -> !profile.sim().keys().isEmpty();
            case "record" -> profile.record() != null;
            default -> false;
        };
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public long originNanos() {
        return originNanos;
    }

    @Override
    public Robot robot() {
        var r = profile.robot();
        return new Robot(r.wheelRadiusM(), r.wheelBaseM(), r.encoderTicksPerRev());
    }

    @Override
    public boolean uses(String type) {
        return profile.sources().stream().anyMatch(s -> s.type().equals(type))
                || profile.stages().stream().anyMatch(s -> s.type().equals(type));
    }

    @Override
    public <T> void provide(Class<T> type, T service) {
        if (services.putIfAbsent(type, service) != null) {
            throw new IllegalStateException("service " + type.getName() + " is provided twice in this run");
        }
    }

    public <T> Optional<T> service(Class<T> type) {
        return Optional.ofNullable(type.cast(services.get(type)));
    }

    public <T> T shared(Class<T> key, Supplier<T> make) {
        Object o = shared.get(key);
        if (o == null) {
            o = make.get();
            shared.put(key, o);
            if (o instanceof AutoCloseable c) {
                closers.add(c);
            }
        }
        return key.cast(o);
    }

    @Override
    public void onClose(AutoCloseable closer) {
        closers.add(closer);
    }

    public Path reportDir() {
        return reportDir;
    }

    /** Closes what the run's factories registered, last first; failures are collected, not thrown one by one. */
    @Override
    public void close() {
        for (int i = closers.size() - 1; i >= 0; i--) {
            try {
                closers.get(i).close();
            } catch (Throwable t) {
                io.afferent.runtime.thread.Log.warn("closing " + closers.get(i) + " at the end of the run failed: " + t);
            }
        }
        closers.clear();
    }

    /** The set-up a source factory gets, for tools that make sources outside a run ({@code afferent sim serve}). */
    public io.afferent.api.SourceSetup sourceSetup(io.afferent.config.SourceConfig config) {
        return new SourceSetupImpl(this, config);
    }

    /** A ConfigError at {@code location} for {@code path}. */
    public static ConfigError error(Location location, String path, String message) {
        return ParamsView.exception(new io.afferent.config.ConfigException(location, path, message));
    }

    @Override
    public RunLog log() {
        return RunLogs.LOG;
    }
}
