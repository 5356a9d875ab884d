package io.afferent.deploy;

import io.afferent.config.ConfigException;
import io.afferent.config.ConfigMap;
import io.afferent.config.ConfigNode;
import io.afferent.config.ConfigScalar;
import io.afferent.drivers.serial.NmeaSerialGps;
import io.afferent.drivers.serial.SerialSettings;
import io.afferent.drivers.serial.WitMotionSerialImu;
import io.afferent.runtime.clock.NanoClock;
import io.afferent.config.Profile;
import io.afferent.config.SourceConfig;
import io.afferent.config.StageConfig;
import io.afferent.config.TypeCatalog;
import io.afferent.runtime.fusion.FusionParams;
import io.afferent.runtime.fusion.FusionProcessor;
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
        SOURCE_TYPES.put("nmea-serial", false);
        SOURCE_TYPES.put("witmotion-serial", false);
    }

    /** Whether a source type reads a serial port (its params name the port). */
    public static boolean isSerial(String type) {
        return type.endsWith("-serial");
    }

    /** Whether a source type needs GPIO. */
    public static boolean isGpio(String type) {
        return type.startsWith("gpio-");
    }

    public static final TypeCatalog CATALOG = new TypeCatalog(SOURCE_TYPES, Set.of("fusion"));

    private final Profile profile;
    private final NanoClock clock;
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
    public Components(Profile profile, NanoClock clock, long originNanos) throws ConfigException {
        this.profile = profile;
        this.clock = clock;
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
            case "nmea-serial" -> new NmeaSerialGps(serial(p, 9600), clock);
            case "witmotion-serial" -> new WitMotionSerialImu(serial(p, 9600), clock,
                    p.number("mag_ut_per_count", 1.0, 1e-9, 1e6));
            default -> throw new ConfigException(c.location(), "sources." + c.name() + ".type",
                    "no factory for type '" + c.type() + "'");
        };
        p.rejectUnknownKeys();
        return s;
    }

    private static final Map<String, SerialSettings.Parity> PARITY = new LinkedHashMap<>();
    private static final Map<String, SerialSettings.StopBits> STOP_BITS = new LinkedHashMap<>();

    static {
        for (SerialSettings.Parity v : SerialSettings.Parity.values()) {
            PARITY.put(v.name().toLowerCase(java.util.Locale.ROOT), v);
        }
        STOP_BITS.put("1", SerialSettings.StopBits.ONE);
        STOP_BITS.put("1.5", SerialSettings.StopBits.ONE_POINT_FIVE);
        STOP_BITS.put("2", SerialSettings.StopBits.TWO);
    }

    /** Serial port settings from a serial source's params. */
    private static SerialSettings serial(ConfigMap p, int defaultBaud) throws ConfigException {
        String port = p.string("port");
        int baud = (int) p.integer("baud", defaultBaud, 50, 4_000_000);
        int dataBits = (int) p.integer("data_bits", 8, 5, 8);
        SerialSettings.Parity parity = p.choice("parity", SerialSettings.Parity.NONE, PARITY);
        ConfigNode stopNode = p.node("stop_bits");
        SerialSettings.StopBits stop = SerialSettings.StopBits.ONE;
        if (stopNode instanceof ConfigScalar sc) {
            stop = STOP_BITS.get(sc.text());
            if (stop == null) {
                throw stopNode.error("'" + sc.text() + "' is not allowed (allowed: 1, 1.5, 2)");
            }
        } else if (stopNode != null) {
            throw stopNode.error("expected 1, 1.5 or 2, found " + stopNode.describe());
        }
        boolean wait = p.bool("wait_for_device", false);
        int timeoutMs = (int) (p.durationNanos("read_timeout", 100_000_000L, 1_000_000L, 1_000_000_000L) / 1_000_000);
        return new SerialSettings(port, baud, dataBits, parity, stop, wait, timeoutMs);
    }

    public StageProcessor stage(StageConfig c) throws ConfigException {
        ConfigMap p = c.params();
        StageProcessor processor = switch (c.type()) {
            case "fusion" -> FusionProcessor.create(FusionParams.fromConfig(p, profile.robot(), c.deadlineUs()), clock);
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
