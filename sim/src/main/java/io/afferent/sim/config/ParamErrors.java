package io.afferent.sim.config;

import io.afferent.api.ConfigError;
import io.afferent.api.Params;

/** Errors located at a map of params itself (not at one of its keys), worded as every configuration error is. */
final class ParamErrors {
    private ParamErrors() {
    }

    /** {@code file:line:col: path: problem}, at {@code p}. */
    static ConfigError at(Params p, String problem) {
        String path = p.path();
        return new ConfigError(p.location() + ": " + (path == null || path.isEmpty() ? "" : path + ": ") + problem);
    }

    /** A number that must be given, in [min, max]. */
    static double requiredNumber(Params p, String key, double min, double max) throws ConfigError {
        if (!p.has(key)) {
            throw p.error(key, "is required but missing");
        }
        return p.number(key, 0, min, max);
    }
}
