package io.afferent.api;

/** Makes a source of one type from its profile entry. Set-up thread. */
@FunctionalInterface
public interface SourceFactory<M> {
    /** @return a {@link PeriodicSource} or a {@link StreamSource}, as the type was registered */
    Source<M> create(SourceSetup setup) throws ConfigError;
}
