package io.afferent.sim.world;

import io.afferent.api.truth.GroundTruth;
import io.afferent.api.truth.TruthState;

/**
 * The simulated world: a robot moving on a field (a {@link Trajectory} fixed in advance, or a {@link CommandedDrive}
 * that follows a drive output's commands) (optionally a gentle plane
 * slope), with latitude/longitude around an origin. With a trajectory {@link #truthAt} is a pure function of
 * time, so readers on different threads sampling different times agree without sharing state; with a commanded
 * drive it is the drive's state at that time (see {@link CommandedDrive}).
 * Thread-safe and allocation-free.
 */
public final class World implements GroundTruth {
    private final long originNanos;
    private final PlanarMotion motion;
    private final Field field;
    private final Geo geo;
    private final double slopeEast;
    private final double slopeNorth;

    /**
     * @param slopeEast  ground height gained per metre east (0.05 = 5 % grade); the same for north
     */
    public World(long originNanos, PlanarMotion motion, Field field, Geo geo, double slopeEast, double slopeNorth) {
        this.originNanos = originNanos;
        this.motion = motion;
        this.field = field;
        this.geo = geo;
        this.slopeEast = slopeEast;
        this.slopeNorth = slopeNorth;
    }

    @Override
    public long originNanos() {
        return originNanos;
    }

    public PlanarMotion motion() { return motion; }

    /** The course fixed in advance; a world whose robot follows commands has none. */
    public Trajectory trajectory() {
        if (motion instanceof Trajectory t) {
            return t;
        }
        throw new IllegalStateException("the robot follows commands (course type commanded): no fixed trajectory");
    }
    public Field field() { return field; }
    public Geo geo() { return geo; }

    /** Seconds of simulated time at clock time {@code nanos}. */
    public double seconds(long nanos) {
        return (nanos - originNanos) * 1e-9;
    }

    @Override
    public void truthAt(long nanos, TruthState out) {
        out.timeNanos = nanos;
        out.timeS = seconds(nanos);
        motion.planarAt(out.timeS, out);
        double h = out.headingUnwrappedRad;
        double c = Math.cos(h), s = Math.sin(h);
        out.upM = slopeEast * out.eastM + slopeNorth * out.northM;
        out.latitudeDeg = geo.latitudeDeg(out.northM);
        out.longitudeDeg = geo.longitudeDeg(out.eastM);
        out.altitudeM = geo.originAltM() + out.upM;
        double course = 90 - Math.toDegrees(out.headingRad);
        out.courseDeg = course - 360 * Math.floor(course / 360);
        double gradeForward = slopeEast * c + slopeNorth * s;
        double gradeLeft = -slopeEast * s + slopeNorth * c;
        double pitch = Math.atan(gradeForward);
        double roll = Math.atan(gradeLeft * Math.cos(pitch));
        out.pitchRad = pitch;
        out.rollRad = roll;
        // Body axes in ENU: yaw, then pitch (nose up), then roll (left side up).
        double cp = Math.cos(pitch), sp = Math.sin(pitch), cr = Math.cos(roll), sr = Math.sin(roll);
        out.xbE = cp * c; out.xbN = cp * s; out.xbU = sp;
        double y0E = -s, y0N = c, y0U = 0;
        double z0E = -sp * c, z0N = -sp * s, z0U = cp; // x_b cross y0
        out.ybE = cr * y0E + sr * z0E; out.ybN = cr * y0N + sr * z0N; out.ybU = cr * y0U + sr * z0U;
        out.zbE = -sr * y0E + cr * z0E; out.zbN = -sr * y0N + cr * z0N; out.zbU = -sr * y0U + cr * z0U;
    }
}
