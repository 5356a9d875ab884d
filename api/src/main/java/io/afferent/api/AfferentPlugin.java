package io.afferent.api;

/**
 * A plugin: found with {@link java.util.ServiceLoader} (list the class in
 * {@code META-INF/services/io.afferent.api.AfferentPlugin}) in a jar on the class path or named with
 * {@code afferent run --plugins PATH} or the profile's {@code plugins:}. Afferent's own types (simulator, drivers,
 * fusion) register exactly the same way.
 */
public interface AfferentPlugin {
    /** Short name for messages ({@code "sim"}, {@code "my-robot"}). */
    String name();

    /** Registers the plugin's types. Called once per process. */
    void register(Registry registry);
}
