package io.afferent.sim.config;

import io.afferent.api.ConfigError;
import io.afferent.api.Params;
import io.afferent.sim.fault.FaultPlan;
import io.afferent.sim.fault.FaultType;
import io.afferent.sim.fault.FaultWindow;
import io.afferent.sim.protocol.Nmea0183;
import io.afferent.sim.protocol.WitMotion;
import io.afferent.sim.sensor.Noise;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A simulated source's {@code faults} (explicit and seeded random windows) and {@code serve} (serial exposure). */
final class FaultParams {
    private static final Map<String, FaultType> FAULTS = new LinkedHashMap<>();
    private static final long MAX_NANOS = 7L * 86_400_000_000_000L;

    static {
        for (FaultType t : FaultType.values()) {
            FAULTS.put(t.word(), t);
        }
    }

    private FaultParams() {
    }

    /** {@code serve: {link, protocol, baud, mag_ut_per_count}}, or null when absent. */
    static ServeSpec serve(Params p, String type, double rateHz) throws ConfigError {
        if (!p.has("serve")) {
            return null;
        }
        Params s = p.map("serve");
        String expected = switch (type) {
            case "sim-gps" -> "nmea";
            case "sim-imu" -> "witmotion";
            default -> throw ParamErrors.at(s, "only sim-gps (nmea) and sim-imu (witmotion) can be served as serial devices");
        };
        String protocol = s.choice("protocol", expected, Map.of(expected, expected));
        int baud = (int) s.integer("baud", expected.equals("nmea") ? 9600 : 115_200, 1200, 4_000_000);
        double magScale = expected.equals("witmotion") ? s.number("mag_ut_per_count", 1.0, 1e-6, 1000) : 1.0;
        String link = s.string("link");
        if (link.isBlank()) {
            throw s.error("link", "the link path is empty");
        }
        s.rejectUnknownKeys();
        int bytesPerSample = expected.equals("nmea") ? Nmea0183.MAX_EPOCH_BYTES : WitMotion.SAMPLE_BYTES;
        double needed = bytesPerSample * rateHz;
        if (needed > baud / 10.0) {
            throw s.error("baud", String.format(Locale.ROOT,
                    "%d baud carries %d bytes/s, but %s at %s Hz needs up to %.0f bytes/s: raise baud or lower rate_hz",
                    baud, baud / 10, expected, trim(rateHz), needed));
        }
        return new ServeSpec(Path.of(link), protocol, baud, magScale);
    }

    /** The {@code faults} list of source {@code name}; serial-only faults need {@code served}. */
    static FaultPlan faults(Params p, String name, boolean served, SimSettings settings) throws ConfigError {
        List<FaultWindow> out = new ArrayList<>();
        long stream = Noise.stream(name);
        int i = 0;
        for (Params f : p.maps("faults", "a fault such as {type: dropout, at: 20s, duration: 2s}")) {
            if (!f.has("type")) {
                throw f.error("type", "is required but missing (allowed: " + String.join(", ", FAULTS.keySet()) + ")");
            }
            FaultType type = f.choice("type", FaultType.DROPOUT, FAULTS);
            if (type.serialOnly() && !served) {
                throw f.error("type", "'" + type.word() + "' happens on a serial stream: give this source "
                        + "serve: {link, protocol, baud} and run it with 'afferent sim serve'");
            }
            long duration = f.durationNanos("duration", 1_000_000_000L, 1_000_000L, MAX_NANOS);
            long delay = type == FaultType.LATENCY ? f.durationNanos("delay", 100_000_000L, 1_000_000L, 10_000_000_000L) : 0;
            double rate = type == FaultType.CORRUPT ? f.number("rate", 0.05, 0, 1) : 0;
            boolean hasAt = f.has("at");
            boolean hasEvery = f.has("every");
            if (hasAt == hasEvery) {
                throw ParamErrors.at(f, "a fault has either 'at' (a time after the start) or 'every' (mean interval of "
                        + "random faults, seeded), not " + (hasAt ? "both" : "neither"));
            }
            if (hasAt) {
                long at = f.durationNanos("at", 0, 0, MAX_NANOS);
                f.rejectUnknownKeys();
                out.add(new FaultWindow(type, at, at + duration, delay, rate));
            } else {
                long every = f.durationNanos("every", 0, 1_000_000L, MAX_NANOS);
                long durationMax = f.durationNanos("duration_max", duration, duration, MAX_NANOS);
                long after = f.durationNanos("after", 0, 0, MAX_NANOS);
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
