package io.afferent.runtime.plugin;

import io.afferent.api.Clock;
import io.afferent.api.ConfigError;
import io.afferent.api.Counter;
import io.afferent.api.Params;
import io.afferent.api.Robot;
import io.afferent.api.RunLog;
import io.afferent.api.Setup;
import io.afferent.config.ConfigMap;
import io.afferent.config.Location;
import io.afferent.runtime.thread.RunLogs;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** The part of every factory's {@link Setup} that does not depend on what is made. Set-up thread. */
class BaseSetup implements Setup {
    final RunContext run;
    final String name;
    final String path;
    final Location location;
    final ParamsView params;
    final Map<String, io.afferent.runtime.timing.Counter> counters = new LinkedHashMap<>();

    BaseSetup(RunContext run, String name, String path, Location location, ConfigMap params) {
        this.run = run;
        this.name = name;
        this.path = path;
        this.location = location;
        this.params = ParamsView.of(params);
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
    public io.afferent.api.RunStopper runStopper() {
        return run::stopRun;
    }

    @Override
    public Clock clock() {
        return run.clock();
    }

    @Override
    public long originNanos() {
        return run.originNanos();
    }

    @Override
    public Robot robot() {
        return run.robot();
    }

    @Override
    public Params section(String key) {
        return run.section(key);
    }

    @Override
    public boolean hasSection(String key) {
        return run.hasSection(key);
    }

    @Override
    public Path reportDir() {
        return run.reportDir();
    }

    @Override
    public Counter counter(String counterName) {
        return counters.computeIfAbsent(counterName, io.afferent.runtime.timing.Counter::new);
    }

    @Override
    public <T> T shared(Class<T> key, Supplier<T> make) {
        return run.shared(key, make);
    }

    @Override
    public <T> Optional<T> service(Class<T> type) {
        return run.service(type);
    }

    @Override
    public void onClose(AutoCloseable closer) {
        run.onClose(closer);
    }

    @Override
    public RunLog log() {
        return RunLogs.LOG;
    }

    @Override
    public ConfigError error(String message) {
        return RunContext.error(location, path, message);
    }

    /** The counters made through {@link #counter}, by name. */
    public Map<String, io.afferent.runtime.timing.Counter> counters() {
        return counters;
    }
}
