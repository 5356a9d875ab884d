package io.afferent.api;

/** A plugin's per-run set-up, before the sources and stages of the run are made. */
@FunctionalInterface
public interface RunHook {
    void beforeRun(RunSetup setup) throws ConfigError;
}
