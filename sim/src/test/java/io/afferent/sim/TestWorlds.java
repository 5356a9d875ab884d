package io.afferent.sim;

import io.afferent.api.ConfigError;
import io.afferent.api.msg.Digital;
import io.afferent.api.msg.GpsFix;
import io.afferent.api.msg.Imu;
import io.afferent.api.msg.Range;
import io.afferent.api.msg.Wheels;
import io.afferent.config.ConfigException;
import io.afferent.config.Profile;
import io.afferent.config.ProfileLoader;
import io.afferent.config.SourceConfig;
import io.afferent.config.TypeCatalog;
import io.afferent.sim.config.SimFactory;
import io.afferent.sim.sensor.SimSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds simulated sources from profile text through the simulator plugin, as a run does. */
public final class TestWorlds {
    public static final TypeCatalog CATALOG;

    static {
        Map<String, Boolean> types = new LinkedHashMap<>();
        for (String t : List.of("sim-imu", "sim-wheels", "sim-gps", "sim-range")) {
            types.put(t, true);
        }
        types.put("gpio-input", true); // a type of another plugin, for profiles without simulated sources
        CATALOG = new TypeCatalog(types, Map.of("fusion", List.of("pose"), "waypoint-follower", List.of("wheel_cmd"),
                "sim-drive", List.of()));
    }

    public record Built(Profile profile, SimFactory factory, List<SimSource<?>> sources, TestRun run) {
        public SimSource<?> source(String name) {
            return sources.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
        }
    }

    private TestWorlds() {
    }

    /** The payload of a simulated message as numbers, for exact comparisons. */
    public static double[] payload(Object m) {
        return switch (m) {
            case Imu i -> new double[]{i.validMask, i.accelX, i.accelY, i.accelZ, i.gyroX, i.gyroY,
                    i.gyroZ, i.magX, i.magY, i.magZ, i.rollRad, i.pitchRad, i.yawRad};
            case Wheels w -> new double[]{w.leftTicks, w.rightTicks, w.ticksPerRevolution};
            case GpsFix g -> new double[]{g.validMask, g.utcMillisOfDay, g.utcDate, g.latitudeDeg,
                    g.longitudeDeg, g.altitudeM, g.speedMps, g.courseDeg, g.fixQuality,
                    g.satellites, g.hdop};
            case Range r -> new double[]{r.noEcho ? 1 : 0, r.distanceM};
            case Digital d -> new double[]{d.high ? 1 : 0};
            default -> throw new IllegalArgumentException("not a simulated message: " + m);
        };
    }

    /** Reads {@code s} at clock time {@code nanos} as its reader does ({@code sample}); returns the new message. */
    public static Object sample(SimSource<?> s, long nanos) {
        return sampleTyped(s, nanos);
    }

    private static <M> M sampleTyped(SimSource<M> s, long nanos) {
        M m = s.newMessage();
        if (!s.sample(nanos, m)) {
            throw new AssertionError(s.name() + " published nothing at " + nanos);
        }
        return m;
    }

    /** Sample {@code index} of {@code s} (indices must not go back); returns the new message. */
    public static Object produce(SimSource<?> s, long index) {
        return produceTyped(s, index);
    }

    private static <M> M produceTyped(SimSource<M> s, long index) {
        M m = s.newMessage();
        s.produceIndex(index, m);
        return m;
    }

    /** Whether {@code message}, produced by {@code s}, carries valid data. */
    public static boolean valid(SimSource<?> s, Object message) {
        return validTyped(s, message);
    }

    private static <M> boolean validTyped(SimSource<M> s, Object message) {
        return s.isValid(s.type().javaClass().cast(message));
    }

    /** Loads profile text as {@code test.yaml}. */
    public static Profile load(String yaml) throws ConfigError {
        try {
            return new ProfileLoader(CATALOG).load("test.yaml", yaml);
        } catch (ConfigException e) {
            throw new ConfigError(e.getMessage(), e);
        }
    }

    /** Runs the simulator plugin's set-up for the profile and makes every source through its factory. */
    public static Built build(String yaml, long originNanos) throws ConfigError {
        Profile p = load(yaml);
        TestRun run = TestRun.of(p, originNanos);
        List<SimSource<?>> out = new ArrayList<>();
        for (SourceConfig c : p.sources()) {
            out.add((SimSource<?>) run.source(c));
        }
        return new Built(p, run.service(SimFactory.class).orElse(null), out, run);
    }

    /** A profile with one source of {@code type} named {@code name}, with the given sim section and params. */
    public static String profile(String sim, String name, String type, double rateHz, String params) {
        return "sim:\n" + indent(sim) + "sources:\n  " + name + ":\n    type: " + type + "\n    rate_hz: " + rateHz
                + "\n" + (params.isEmpty() ? "" : "    params:\n" + indent(indent(indent(params))))
                + "stages:\n  f:\n    type: fusion\n    deadline_us: 1000\n    inputs: [" + name + "]\n";
    }

    private static String indent(String s) {
        StringBuilder b = new StringBuilder();
        for (String line : s.split("\n")) {
            b.append("  ").append(line).append('\n');
        }
        return b.toString();
    }
}
