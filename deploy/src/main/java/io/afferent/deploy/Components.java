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
import io.afferent.sim.basic.CircleCourse;
import io.afferent.sim.basic.SimGps;
import io.afferent.sim.basic.SimImu;
import io.afferent.sim.basic.SimWheels;

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
    }

    public static final TypeCatalog CATALOG = new TypeCatalog(SOURCE_TYPES, Set.of("fusion"));

    private final Profile profile;
    private final long originNanos;
    private CircleCourse course;
    private long seed;
    private double originLatDeg;
    private double originLonDeg;

    /**
     * @param originNanos the clock time at which the simulated robot starts its course
     * @throws ConfigException if the profile's {@code sim} section is invalid (checked even when no
     *                         simulated source uses it, so that a typo never passes silently)
     */
    public Components(Profile profile, long originNanos) throws ConfigException {
        this.profile = profile;
        this.originNanos = originNanos;
        if (!profile.sim().keys().isEmpty()) {
            course();
        }
    }

    public Source source(SourceConfig c) throws ConfigException {
        ConfigMap p = c.params();
        Source s = switch (c.type()) {
            case "sim-imu" -> new SimImu(course(), seed() + c.name().hashCode(),
                    Math.toRadians(p.number("gyro_noise_deg_s", 0.05, 0, 100)),
                    p.number("accel_noise_mps2", 0.02, 0, 100),
                    p.number("mag_noise_ut", 0.3, 0, 100),
                    Math.toRadians(p.number("gyro_bias_deg_s", 0.01, -100, 100)));
            case "sim-wheels" -> new SimWheels(course(), profile.robot().wheelRadiusM(),
                    profile.robot().encoderTicksPerRev());
            case "sim-gps" -> {
                CircleCourse cc = course();
                yield new SimGps(cc, seed() + c.name().hashCode(), p.number("sigma_m", 2.5, 0, 1000), originLatDeg,
                        originLonDeg);
            }
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

    private long seed() throws ConfigException {
        course();
        return seed;
    }

    /** The simulated course, from the profile's {@code sim} section (made once, on first use). */
    private CircleCourse course() throws ConfigException {
        if (course == null) {
            ConfigMap sim = profile.sim();
            seed = sim.integer("seed", 1, Long.MIN_VALUE, Long.MAX_VALUE);
            double speed = sim.number("speed_mps", 0.8, 0, 20);
            double turn = Math.toRadians(sim.number("turn_rate_deg_s", 6, -360, 360));
            ConfigMap origin = sim.map("origin");
            originLatDeg = origin.number("lat_deg", 52.2053, -89, 89);
            originLonDeg = origin.number("lon_deg", 0.1218, -180, 180);
            origin.rejectUnknownKeys();
            sim.rejectUnknownKeys();
            course = new CircleCourse(originNanos, speed, turn, profile.robot().wheelBaseM());
        }
        return course;
    }
}
