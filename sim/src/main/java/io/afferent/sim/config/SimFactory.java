package io.afferent.sim.config;

import io.afferent.config.ConfigException;
import io.afferent.config.ConfigMap;
import io.afferent.config.ConfigNode;
import io.afferent.config.RobotConfig;
import io.afferent.config.SourceConfig;
import io.afferent.sim.fault.FaultLog;
import io.afferent.sim.fault.FaultPlan;
import io.afferent.sim.fault.FaultType;
import io.afferent.sim.fault.FaultWindow;
import io.afferent.sim.protocol.Nmea0183;
import io.afferent.sim.protocol.WitMotion;
import io.afferent.sim.sensor.GpsModel;
import io.afferent.sim.sensor.GpsSensor;
import io.afferent.sim.sensor.ImuModel;
import io.afferent.sim.sensor.Noise;
import io.afferent.sim.sensor.RangeModel;
import io.afferent.sim.sensor.SimSensor;
import io.afferent.sim.sensor.SimSource;
import io.afferent.sim.sensor.WheelModel;
import io.afferent.sim.world.GroundTruth;
import io.afferent.sim.world.World;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Makes the simulated world and sensors from a profile: the {@code sim:} section and each {@code sim-*}
 * source's {@code params} (noise parameters, {@code faults}, {@code serve}). Used by the composition
 * root; not thread-safe (build time only). The world, ground truth and fault log it hands out are
 * thread-safe.
 */
public final class SimFactory {
    /** The source types this factory builds. */
    public static final Set<String> TYPES = Set.of("sim-imu", "sim-wheels", "sim-gps", "sim-range");

    private static final Map<String, FaultType> FAULTS = new LinkedHashMap<>();

    static {
        for (FaultType t : FaultType.values()) {
            FAULTS.put(t.word(), t);
        }
    }

    private final SimSettings settings;
    private final RobotConfig robot;
    private final FaultLog faultLog = new FaultLog();
    private final Map<String, ServeSpec> serve = new LinkedHashMap<>();

    private SimFactory(SimSettings settings, RobotConfig robot) {
        this.settings = settings;
        this.robot = robot;
    }

    /**
     * @param originNanos clock time at which simulated time starts
     * @throws ConfigException for any problem in the {@code sim} section, with its file position
     */
    public static SimFactory create(ConfigMap sim, RobotConfig robot, long originNanos) throws ConfigException {
        return new SimFactory(SimSettings.parse(sim, robot, originNanos), robot);
    }

    public World world() { return settings.world(); }
    public GroundTruth groundTruth() { return settings.world(); }
    public FaultLog faultLog() { return faultLog; }
    public SimSettings settings() { return settings; }

    /** The serial exposure of a source built by {@link #source}, if its params have {@code serve}. */
    public Optional<ServeSpec> serveSpec(String sourceName) {
        return Optional.ofNullable(serve.get(sourceName));
    }

    /** Builds the simulated source of {@code c} (type {@code sim-*}); reads, but does not reject, its params. */
    public SimSource source(SourceConfig c) throws ConfigException {
        ConfigMap p = c.params();
        long seed = settings.seed();
        World world = settings.world();
        long period = c.periodNanos();
        if (!c.periodic()) {
            throw new ConfigException(c.location(), "sources." + c.name() + ".rate_hz", "a simulated source needs rate_hz");
        }
        SimSensor sensor = switch (c.type()) {
            case "sim-imu" -> new ImuModel(world, seed, c.name(), period, imu(p));
            case "sim-wheels" -> new WheelModel(world, seed, c.name(), period, new WheelModel.Params(
                    (int) p.integer("ticks_per_rev", robot.encoderTicksPerRev(), 1, 1 << 20), robot.wheelRadiusM(),
                    p.number("radius_error", 0.003, 0, 0.2), p.number("slip_per_mps2", 0.02, 0, 1)));
            case "sim-gps" -> {
                if (c.rateHz() < 1 || c.rateHz() > 10) {
                    throw new ConfigException(c.location(), "sources." + c.name() + ".rate_hz",
                            "a simulated GPS runs at 1 to 10 Hz, not " + c.rateHz());
                }
                yield new GpsSensor(new GpsModel(world, world.geo(), seed, c.name(), period, gps(p)));
            }
            case "sim-range" -> new RangeModel(world, world.field(), seed, c.name(), range(p));
            default -> throw new ConfigException(c.location(), "sources." + c.name() + ".type",
                    "not a simulated type: '" + c.type() + "'");
        };
        ServeSpec spec = serve(c, p);
        if (spec != null) {
            serve.put(c.name(), spec);
        }
        FaultPlan plan = faults(c, p, spec != null);
        return new SimSource(c.name(), sensor, world.originNanos(), period, plan, faultLog);
    }

    private static ImuModel.Params imu(ConfigMap p) throws ConfigException {
        ImuModel.Params d = ImuModel.Params.defaults();
        return new ImuModel.Params(
                Math.toRadians(p.number("gyro_noise_deg_s", Math.toDegrees(d.gyroNoiseRadS()), 0, 100)),
                Math.toRadians(p.number("gyro_bias_deg_s", Math.toDegrees(d.gyroBiasRadS()), 0, 100)),
                Math.toRadians(p.number("gyro_bias_walk_deg_s_sqrt_s", Math.toDegrees(d.gyroBiasWalkRadSPerSqrtS()), 0, 10)),
                p.number("gyro_scale_error", d.gyroScaleError(), 0, 0.5),
                p.number("accel_noise_mps2", d.accelNoiseMps2(), 0, 100),
                p.number("accel_bias_mps2", d.accelBiasMps2(), 0, 10),
                p.number("accel_bias_walk_mps2_sqrt_s", d.accelBiasWalkMps2PerSqrtS(), 0, 10),
                p.number("accel_scale_error", d.accelScaleError(), 0, 0.5),
                p.number("mag_noise_ut", d.magNoiseUt(), 0, 100),
                p.number("mag_bias_ut", d.magBiasUt(), 0, 100),
                p.number("mag_field_horizontal_ut", d.magFieldHorizontalUt(), 0, 100),
                p.number("mag_field_down_ut", d.magFieldDownUt(), -100, 100),
                Math.toRadians(p.number("declination_deg", Math.toDegrees(d.declinationRad()), -180, 180)),
                Math.toRadians(p.number("angle_noise_deg", Math.toDegrees(d.angleNoiseRad()), 0, 90)),
                p.bool("report_angle", d.reportAngle()),
                p.number("temperature_c", d.temperatureC(), -40, 85));
    }

    private GpsModel.Params gps(ConfigMap p) throws ConfigException {
        GpsModel.Params d = GpsModel.Params.defaults();
        double sigma = p.number("sigma_m", d.whiteSigmaM(), 0, 1000);
        double outMin = p.number("outage_min_s", d.outageMinS(), 0.1, 3600);
        double outMax = p.number("outage_max_s", d.outageMaxS(), outMin, 3600);
        return new GpsModel.Params(
                sigma,
                p.number("bias_sigma_m", d.biasSigmaM(), 0, 1000),
                p.number("bias_tau_s", d.biasTauS(), 0.1, 1e6),
                p.number("vertical_factor", d.verticalFactor(), 0, 10),
                p.number("multipath_per_min", d.multipathPerS() * 60, 0, 60) / 60,
                p.number("multipath_m", d.multipathM(), 0, 1000),
                p.number("outage_per_hour", d.outagePerS() * 3600, 0, 3600) / 3600,
                outMin, outMax,
                p.number("satellites", d.meanSatellites(), 4, 14),
                p.number("speed_sigma_mps", d.speedSigmaMps(), 0, 10),
                d.minCourseSpeedMps(),
                settings.utcStartEpochMillis());
    }

    private static RangeModel.Params range(ConfigMap p) throws ConfigException {
        RangeModel.Params d = RangeModel.Params.defaults();
        double min = p.number("min_range_m", d.minRangeM(), 0, 10);
        return new RangeModel.Params(min, p.number("max_range_m", d.maxRangeM(), min, 100),
                p.number("resolution_m", d.resolutionM(), 0.0001, 1), p.number("sigma_m", d.sigmaM(), 0, 10),
                p.number("sigma_fraction", d.sigmaFraction(), 0, 1), p.number("miss_probability", d.missProbability(), 0, 1),
                d.grazingRad(), d.grazingMissProbability(), p.number("mount_forward_m", d.mountForwardM(), -5, 5),
                Math.toRadians(p.number("mount_angle_deg", 0, -180, 180)));
    }

    private static ServeSpec serve(SourceConfig c, ConfigMap p) throws ConfigException {
        if (!p.has("serve")) {
            return null;
        }
        ConfigMap s = p.map("serve");
        String expected = switch (c.type()) {
            case "sim-gps" -> "nmea";
            case "sim-imu" -> "witmotion";
            default -> throw s.error("only sim-gps (nmea) and sim-imu (witmotion) can be served as serial devices");
        };
        String protocol = s.choice("protocol", expected, Map.of(expected, expected));
        int baud = (int) s.integer("baud", expected.equals("nmea") ? 9600 : 115_200, 1200, 4_000_000);
        double magScale = expected.equals("witmotion") ? s.number("mag_ut_per_count", 1.0, 1e-6, 1000) : 1.0;
        String link = s.string("link");
        if (link.isBlank()) {
            throw s.node("link").error("the link path is empty");
        }
        s.rejectUnknownKeys();
        int bytesPerSample = expected.equals("nmea") ? Nmea0183.MAX_EPOCH_BYTES : WitMotion.SAMPLE_BYTES;
        double needed = bytesPerSample * c.rateHz();
        if (needed > baud / 10.0) {
            throw s.node("baud").error(String.format(java.util.Locale.ROOT,
                    "%d baud carries %d bytes/s, but %s at %s Hz needs up to %.0f bytes/s: raise baud or lower rate_hz",
                    baud, baud / 10, expected, trim(c.rateHz()), needed));
        }
        return new ServeSpec(Path.of(link), protocol, baud, magScale);
    }

    private FaultPlan faults(SourceConfig c, ConfigMap p, boolean served) throws ConfigException {
        List<FaultWindow> out = new ArrayList<>();
        long stream = Noise.stream(c.name());
        int i = 0;
        for (ConfigNode item : p.list("faults").items()) {
            if (!(item instanceof ConfigMap f)) {
                throw item.error("expected a fault such as {type: dropout, at: 20s, duration: 2s}, found "
                        + item.describe());
            }
            FaultType type = f.choice("type", null, FAULTS);
            if (type.serialOnly() && !served) {
                throw f.node("type").error("'" + type.word() + "' happens on a serial stream: give this source "
                        + "serve: {link, protocol, baud} and run it with 'afferent sim serve'");
            }
            long max = 7L * 86_400_000_000_000L;
            long duration = f.durationNanos("duration", 1_000_000_000L, 1_000_000L, max);
            long delay = type == FaultType.LATENCY ? f.durationNanos("delay", 100_000_000L, 1_000_000L, 10_000_000_000L) : 0;
            double rate = type == FaultType.CORRUPT ? f.number("rate", 0.05, 0, 1) : 0;
            boolean hasAt = f.has("at");
            boolean hasEvery = f.has("every");
            if (hasAt == hasEvery) {
                throw f.error("a fault has either 'at' (a time after the start) or 'every' (mean interval of random "
                        + "faults, seeded), not " + (hasAt ? "both" : "neither"));
            }
            if (hasAt) {
                long at = f.durationNanos("at", 0, 0, max);
                f.rejectUnknownKeys();
                out.add(new FaultWindow(type, at, at + duration, delay, rate));
            } else {
                long every = f.durationNanos("every", 0, 1_000_000L, max);
                long durationMax = f.durationNanos("duration_max", duration, duration, max);
                long after = f.durationNanos("after", 0, 0, max);
                f.rejectUnknownKeys();
                out.addAll(FaultPlan.random(type, settings.seed() ^ stream ^ (0x5DEECE66DL * (i + 1)), after, every,
                        duration, durationMax, delay, rate, Math.max(settings.horizonNanos(), after)));
            }
            i++;
        }
        return new FaultPlan(out);
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
