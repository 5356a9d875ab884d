package io.afferent.config;

/** A node of a parsed configuration document, with where it stands and its dotted path. */
public sealed interface ConfigNode permits ConfigMap, ConfigList, ConfigScalar {
    Location location();

    String path();

    /** A short description of the node's type for error messages ("a map", "a list", "text 'x'"). */
    String describe();

    default ConfigException error(String problem) {
        return new ConfigException(location(), path(), problem);
    }
}
