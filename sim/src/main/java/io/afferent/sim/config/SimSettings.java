package io.afferent.sim.config;

import io.afferent.api.ConfigError;
import io.afferent.api.Params;
import io.afferent.api.Robot;
import io.afferent.sim.world.CommandedDrive;
import io.afferent.sim.world.DriveLimits;
import io.afferent.sim.world.Field;
import io.afferent.sim.world.Geo;
import io.afferent.sim.world.PlanarMotion;
import io.afferent.sim.world.RandomDrive;
import io.afferent.sim.world.Segment;
import io.afferent.sim.world.Trajectory;
import io.afferent.sim.world.World;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads and validates a profile's {@code sim:} section into a {@link World} and the run's seed and UTC start. */
public final class SimSettings {
    private final long seed;
    private final long utcStartEpochMillis;
    private final long horizonNanos;
    private final World world;

    private SimSettings(long seed, long utcStartEpochMillis, long horizonNanos, World world) {
        this.seed = seed;
        this.utcStartEpochMillis = utcStartEpochMillis;
        this.horizonNanos = horizonNanos;
        this.world = world;
    }

    public long seed() { return seed; }
    public long utcStartEpochMillis() { return utcStartEpochMillis; }
    /** How far ahead random faults are scheduled (the course's generated duration). */
    public long horizonNanos() { return horizonNanos; }
    public World world() { return world; }

    public static SimSettings parse(Params sim, Robot robot, long originNanos) throws ConfigError {
        long seed = sim.integer("seed", 1, Long.MIN_VALUE, Long.MAX_VALUE);
        String utc = sim.string("utc_start", "2025-06-01T12:00:00Z");
        long utcMillis;
        try {
            utcMillis = Instant.parse(utc).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw sim.error("utc_start", "expected an ISO-8601 UTC instant such as 2025-06-01T12:00:00Z");
        }
        Params origin = sim.map("origin");
        Geo geo = new Geo(origin.number("lat_deg", 52.2053, -85, 85), origin.number("lon_deg", 0.1218, -180, 180),
                origin.number("alt_m", 15, -500, 9000));
        origin.rejectUnknownKeys();

        Params r = sim.map("robot");
        DriveLimits limits = new DriveLimits(robot.wheelBaseM(), robot.wheelRadiusM(),
                r.number("max_speed_mps", 1.0, 0.01, 20),
                Math.toRadians(r.number("max_turn_rate_deg_s", 90, 1, 1000)),
                r.number("max_accel_mps2", 0.5, 0.01, 50),
                Math.toRadians(r.number("max_angular_accel_deg_s2", 180, 1, 10_000)));
        r.rejectUnknownKeys();

        Params f = sim.map("field");
        Field field = Field.centred(f.number("width_m", 20, 1, 10_000), f.number("length_m", 20, 1, 10_000));
        f.rejectUnknownKeys();

        Params slope = sim.map("slope");
        double slopeEast = slope.number("east_pct", 0, -15, 15) / 100;
        double slopeNorth = slope.number("north_pct", 0, -15, 15) / 100;
        slope.rejectUnknownKeys();

        Params start = sim.map("start");
        double startE = start.number("east_m", 0, -1e5, 1e5);
        double startN = start.number("north_m", 0, -1e5, 1e5);
        double startH = Math.toRadians(start.number("heading_deg", 0, -360, 360));
        start.rejectUnknownKeys();
        if (!field.contains(startE, startN, 0)) {
            throw ParamErrors.at(start, "the start position is outside the field");
        }

        Params course = sim.map("course");
        String type = course.choice("type", "random", Map.of("random", "random", "script", "script", "commanded", "commanded"));
        long durationNanos = course.durationNanos("duration", 3_600_000_000_000L, 1_000_000_000L, 7L * 86_400_000_000_000L);
        List<Segment> segments = List.of();
        if (type.equals("commanded")) {
            // The robot follows a sim-drive output's commands; it stands still until one arrives.
        } else if (type.equals("random")) {
            double speed = course.number("speed_mps", 0.8, 0.01, 20);
            double margin = course.number("margin_m", 1.0, 0, 1000);
            segments = RandomDrive.generate(seed, limits, field, margin, speed, durationNanos * 1e-9, startE, startN, startH);
        } else {
            double speed = course.number("speed_mps", 0.8, 0.01, 20);
            List<Segment> script = script(course.maps("segments", SEGMENT), speed);
            if (script.isEmpty()) {
                throw course.error("segments", "a scripted course needs at least one segment");
            }
            boolean repeat = course.bool("repeat", true);
            segments = new ArrayList<>(script);
            if (repeat) {
                while (Trajectory.of(limits, segments, startE, startN, startH).endTimeS() < durationNanos * 1e-9) {
                    segments.addAll(script);
                }
            }
        }
        course.rejectUnknownKeys();
        sim.rejectUnknownKeys();
        PlanarMotion motion = type.equals("commanded")
                ? new CommandedDrive(robot.wheelBaseM(), seed, startE, startN, startH)
                : Trajectory.of(limits, segments, startE, startN, startH);
        World world = new World(originNanos, motion, field, geo, slopeEast, slopeNorth);
        return new SimSettings(seed, utcMillis, durationNanos, world);
    }

    private static final String SEGMENT = "a segment such as {straight_m: 5}, {arc_deg: 90, radius_m: 2}, "
            + "{turn_deg: -90} or {wait: 2s}";

    /**
     * Segments, one map each with exactly one of {@code straight_m}, {@code arc_deg} (with {@code radius_m}),
     * {@code turn_deg}, {@code wait}; moving ones may set {@code speed_mps}.
     */
    private static List<Segment> script(List<Params> list, double defaultSpeed) throws ConfigError {
        List<Segment> out = new ArrayList<>();
        for (Params m : list) {
            int kinds = (m.has("straight_m") ? 1 : 0) + (m.has("arc_deg") ? 1 : 0) + (m.has("turn_deg") ? 1 : 0)
                    + (m.has("wait") ? 1 : 0);
            if (kinds != 1) {
                throw ParamErrors.at(m, "a segment has exactly one of straight_m, arc_deg, turn_deg, wait");
            }
            if (m.has("straight_m")) {
                out.add(new Segment.Straight(ParamErrors.requiredNumber(m, "straight_m", 0.01, 1e5),
                        m.number("speed_mps", defaultSpeed, 0.01, 20)));
            } else if (m.has("arc_deg")) {
                out.add(new Segment.Arc(ParamErrors.requiredNumber(m, "radius_m", 0.05, 1e5),
                        Math.toRadians(ParamErrors.requiredNumber(m, "arc_deg", -3600, 3600)), m.number("speed_mps", defaultSpeed, 0.01, 20)));
            } else if (m.has("turn_deg")) {
                out.add(new Segment.Turn(Math.toRadians(ParamErrors.requiredNumber(m, "turn_deg", -3600, 3600))));
            } else {
                out.add(new Segment.Wait(m.durationNanos("wait", 0, 0, 86_400_000_000_000L) * 1e-9));
            }
            m.rejectUnknownKeys();
        }
        return out;
    }
}
