package io.afferent.deploy;

import io.afferent.config.ConfigException;
import io.afferent.config.ConfigMap;
import io.afferent.config.Profile;
import io.afferent.config.SourceConfig;
import io.afferent.config.StageConfig;
import io.afferent.config.TypeCatalog;
import io.afferent.runtime.fusion.SimpleFusion;
import io.afferent.runtime.source.Source;
import io.afferent.runtime.stage.StageProcessor;
import io.afferent.sim.config.SimFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The source and stage types this build knows, and how each is made from its configuration. The only
 * place that knows every module; every {@code params} key is validated here with the file position.
 */
public final class Components {
    /** Each source type and whether it is periodic. */
    private static final Map<String, Boolean> SOURCE_TYPES = new LinkedHashMap<>();

    static {
        SOURCE_TYPES.put("sim-imu", true);
        SOURCE_TYPES.put("sim-wheels", true);
        SOURCE_TYPES.put("sim-gps", true);
        SOURCE_TYPES.put("sim-range", true);
    }

    public static final TypeCatalog CATALOG = new TypeCatalog(SOURCE_TYPES, Set.of("fusion"));

    private final Profile profile;
    private final long originNanos;
    private SimFactory sim;

    /**
     * @param originNanos the clock time at which the simulated robot starts its course
     * @throws ConfigException if the profile's {@code sim} section is invalid (checked even when no
     *                         simulated source uses it, so that a typo never passes silently)
     */
    public Components(Profile profile, long originNanos) throws ConfigException {
        this.profile = profile;
        this.originNanos = originNanos;
        if (!profile.sim().keys().isEmpty()) {
            sim();
        }
    }

    public Source source(SourceConfig c) throws ConfigException {
        ConfigMap p = c.params();
        Source s = switch (c.type()) {
            case "sim-imu", "sim-wheels", "sim-gps", "sim-range" -> sim().source(c);
            default -> throw new ConfigException(c.location(), "sources." + c.name() + ".type",
                    "no factory for type '" + c.type() + "'");
        };
        p.rejectUnknownKeys();
        return s;
    }

    public StageProcessor stage(StageConfig c) throws ConfigException {
        ConfigMap p = c.params();
        StageProcessor processor = switch (c.type()) {
            case "fusion" -> new SimpleFusion(profile.robot().wheelRadiusM(), p.number("gps_gain", 0.05, 0, 1));
            default -> throw new ConfigException(c.location(), "stages." + c.name() + ".type",
                    "no factory for type '" + c.type() + "'");
        };
        p.rejectUnknownKeys();
        return processor;
    }

    /** The simulated world and sensors, from the profile's {@code sim} section (made once, on first use). */
    public SimFactory sim() throws ConfigException {
        if (sim == null) {
            sim = SimFactory.create(profile.sim(), profile.robot(), originNanos);
        }
        return sim;
    }
}
