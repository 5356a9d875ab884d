package io.afferent.runtime.testing;

import io.afferent.config.ConfigException;
import io.afferent.config.Profile;
import io.afferent.config.ProfileLoader;
import io.afferent.config.TypeCatalog;

import java.util.Map;
import java.util.Set;

/** Profiles written inline in tests, loaded through the real loader. */
public final class Profiles {
    public static final TypeCatalog CATALOG = new TypeCatalog(Map.of("periodic", true, "stream", false), Set.of("test"));

    private Profiles() {
    }

    public static Profile load(String yaml) {
        return load(yaml, CATALOG);
    }

    /** Loads {@code yaml} (as {@code test.yaml}) against {@code catalog}; a config error fails the test. */
    public static Profile load(String yaml, TypeCatalog catalog) {
        try {
            return new ProfileLoader(catalog).load("test.yaml", yaml);
        } catch (ConfigException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }
}
