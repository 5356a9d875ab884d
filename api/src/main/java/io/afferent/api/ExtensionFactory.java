package io.afferent.api;

/**
 * An extension runs beside every run (scoring against ground truth, fault listings, recorders, telemetry), made
 * after the sources and stages so that it sees every topic. It decides itself whether it applies to a run (and
 * does nothing when not). Set-up thread.
 */
@FunctionalInterface
public interface ExtensionFactory {
    void configure(ExtensionSetup setup) throws ConfigError;
}
