package io.afferent.api;

/** Makes a stage of one type from its profile entry. Set-up thread. */
@FunctionalInterface
public interface StageFactory {
    Stage create(StageSetup setup) throws ConfigError;
}
