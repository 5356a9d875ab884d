package io.afferent.sim.config;

import io.afferent.api.ConfigError;
import io.afferent.api.Params;
import io.afferent.api.Robot;
import io.afferent.api.SourceSetup;
import io.afferent.api.msg.GpsFix;
import io.afferent.api.msg.Imu;
import io.afferent.api.msg.Range;
import io.afferent.api.msg.Wheels;
import io.afferent.api.truth.GroundTruth;
import io.afferent.sim.fault.FaultLog;
import io.afferent.sim.fault.FaultPlan;
import io.afferent.sim.sensor.GpsModel;
import io.afferent.sim.sensor.GpsSensor;
import io.afferent.sim.sensor.ImuModel;
import io.afferent.sim.sensor.RangeModel;
import io.afferent.sim.sensor.SimSensor;
import io.afferent.sim.sensor.SimSource;
import io.afferent.sim.sensor.WheelModel;
import io.afferent.sim.world.World;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One run's simulated world and the factory of its sensors: the {@code sim:} section, made once per run by the
 * simulator plugin's run hook (or by {@code afferent sim serve}), and each {@code sim-*} source's {@code params}
 * (noise parameters, {@code faults}, {@code serve}). Sources are made on the set-up thread; the world, ground
 * truth and fault log it hands out are thread-safe.
 */
public final class SimFactory {
    /** The source types this factory builds. */
    public static final Set<String> TYPES = Set.of("sim-imu", "sim-wheels", "sim-gps", "sim-range");

    private final SimSettings settings;
    private final Robot robot;
    private final FaultLog faultLog = new FaultLog();
    private final Map<String, ServeSpec> serve = new ConcurrentHashMap<>();

    private SimFactory(SimSettings settings, Robot robot) {
        this.settings = settings;
        this.robot = robot;
    }

    /**
     * @param sim         the profile's {@code sim:} section
     * @param originNanos clock time at which simulated time starts
     * @throws ConfigError for any problem in the {@code sim} section, with its file position
     */
    public static SimFactory create(Params sim, Robot robot, long originNanos) throws ConfigError {
        return new SimFactory(SimSettings.parse(sim, robot, originNanos), robot);
    }

    public World world() { return settings.world(); }
    public GroundTruth groundTruth() { return settings.world(); }
    public FaultLog faultLog() { return faultLog; }
    public SimSettings settings() { return settings; }

    /** The serial exposure of a source built here, if its params have {@code serve}. */
    public Optional<ServeSpec> serveSpec(String sourceName) {
        return Optional.ofNullable(serve.get(sourceName));
    }

    /** Builds the simulated source of {@code type} ({@link #TYPES}); reads and validates all its params. */
    public SimSource<?> source(SourceSetup setup, String type) throws ConfigError {
        return switch (type) {
            case "sim-imu" -> imu(setup);
            case "sim-wheels" -> wheels(setup);
            case "sim-gps" -> gps(setup);
            case "sim-range" -> range(setup);
            default -> throw setup.error("not a simulated type: '" + type + "'");
        };
    }

    public SimSource<Imu> imu(SourceSetup s) throws ConfigError {
        long period = period(s);
        return finish(s, "sim-imu", new ImuModel(world(), settings.seed(), s.name(), period, SensorParams.imu(s.params())));
    }

    public SimSource<Wheels> wheels(SourceSetup s) throws ConfigError {
        long period = period(s);
        return finish(s, "sim-wheels", new WheelModel(world(), settings.seed(), s.name(), period,
                SensorParams.wheels(s.params(), robot)));
    }

    public SimSource<GpsFix> gps(SourceSetup s) throws ConfigError {
        long period = period(s);
        if (s.rateHz() < 1 || s.rateHz() > 10) {
            throw s.error("a simulated GPS runs at 1 to 10 Hz, not " + s.rateHz());
        }
        GpsModel.Params p = SensorParams.gps(s.params(), settings.utcStartEpochMillis());
        return finish(s, "sim-gps", new GpsSensor(new GpsModel(world(), world().geo(), settings.seed(), s.name(), period, p)));
    }

    public SimSource<Range> range(SourceSetup s) throws ConfigError {
        period(s);
        return finish(s, "sim-range", new RangeModel(world(), world().field(), settings.seed(), s.name(),
                SensorParams.range(s.params())));
    }

    private static long period(SourceSetup s) throws ConfigError {
        if (s.periodNanos() <= 0) {
            throw s.error("a simulated source needs rate_hz");
        }
        return s.periodNanos();
    }

    private <M> SimSource<M> finish(SourceSetup s, String type, SimSensor<M> sensor) throws ConfigError {
        Params p = s.params();
        ServeSpec spec = FaultParams.serve(p, type, s.rateHz());
        FaultPlan plan = FaultParams.faults(p, s.name(), spec != null, settings);
        p.rejectUnknownKeys();
        if (spec != null) {
            serve.put(s.name(), spec);
        }
        return new SimSource<>(s.name(), sensor, world().originNanos(), s.periodNanos(), plan, faultLog);
    }
}
