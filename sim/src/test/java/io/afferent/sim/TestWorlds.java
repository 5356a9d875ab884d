package io.afferent.sim;

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

/** Builds simulated sources from profile text, as the composition root does. */
public final class TestWorlds {
    public static final TypeCatalog CATALOG;

    static {
        Map<String, Boolean> types = new LinkedHashMap<>();
        for (String t : List.of("sim-imu", "sim-wheels", "sim-gps", "sim-range")) {
            types.put(t, true);
        }
        CATALOG = new TypeCatalog(types, Set.of("fusion"));
    }

    public record Built(Profile profile, SimFactory factory, List<SimSource> sources) {
        public SimSource source(String name) {
            return sources.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
        }
    }

    private TestWorlds() {
    }

    /** The payload of {@code s} as numbers, for exact comparisons. */
    public static double[] payload(io.afferent.runtime.sample.Sample s) {
        return switch (s.kind) {
            case IMU -> new double[]{s.imu.validMask, s.imu.accelX, s.imu.accelY, s.imu.accelZ, s.imu.gyroX, s.imu.gyroY,
                    s.imu.gyroZ, s.imu.magX, s.imu.magY, s.imu.magZ, s.imu.rollRad, s.imu.pitchRad, s.imu.yawRad};
            case WHEELS -> new double[]{s.wheels.leftTicks, s.wheels.rightTicks, s.wheels.ticksPerRevolution};
            case GPS -> new double[]{s.gps.validMask, s.gps.utcMillisOfDay, s.gps.utcDate, s.gps.latitudeDeg,
                    s.gps.longitudeDeg, s.gps.altitudeM, s.gps.speedMps, s.gps.courseDeg, s.gps.fixQuality,
                    s.gps.satellites, s.gps.hdop};
            case RANGE -> new double[]{s.range.noEcho ? 1 : 0, s.range.distanceM};
            case DIGITAL -> new double[]{s.digital.high ? 1 : 0};
        };
    }

    public static Built build(String yaml, long originNanos) throws ConfigException {
        Profile p = new ProfileLoader(CATALOG).load("test.yaml", yaml);
        SimFactory f = SimFactory.create(p.sim(), p.robot(), originNanos);
        List<SimSource> out = new ArrayList<>();
        for (SourceConfig c : p.sources()) {
            out.add(f.source(c));
            c.params().rejectUnknownKeys();
        }
        return new Built(p, f, out);
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
