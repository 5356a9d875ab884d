package io.afferent.sim.world;

import io.afferent.api.truth.TruthState;

import java.util.ArrayList;
import java.util.List;

/**
 * The robot's planar motion: a course turned into pieces of closed-form motion (constant curvature with a
 * linear speed ramp, or a turn in place with a linear turn-rate ramp), precomputed once. Evaluating a time
 * is a binary search and a few trigonometric calls: exact (no integration drift), immutable, thread-safe,
 * allocation-free. After the last piece the robot stands still.
 */
public final class Trajectory implements PlanarMotion {
    private final DriveLimits limits;
    // Piece arrays (structure of arrays: one binary search, no per-piece objects on the hot path).
    private final double[] t0, dur, x0, y0, h0, v0, acc, kappa, w0, alpha, left0, right0;
    private final boolean[] spin;
    private final int n;
    private final double endTimeS;

    private Trajectory(DriveLimits limits, List<double[]> pieces, double startE, double startN, double startH) {
        this.limits = limits;
        n = pieces.size();
        t0 = new double[n + 1]; dur = new double[n + 1]; x0 = new double[n + 1]; y0 = new double[n + 1];
        h0 = new double[n + 1]; v0 = new double[n + 1]; acc = new double[n + 1]; kappa = new double[n + 1];
        w0 = new double[n + 1]; alpha = new double[n + 1]; left0 = new double[n + 1]; right0 = new double[n + 1];
        spin = new boolean[n + 1];
        double t = 0, x = startE, y = startN, h = startH, l = 0, r = 0;
        double halfBase = limits.wheelBaseM() / 2;
        for (int i = 0; i < n; i++) {
            double[] p = pieces.get(i); // {spin?1:0, duration, v0, a, kappa, w0, alpha}
            t0[i] = t; dur[i] = p[1]; x0[i] = x; y0[i] = y; h0[i] = h; left0[i] = l; right0[i] = r;
            spin[i] = p[0] != 0; v0[i] = p[2]; acc[i] = p[3]; kappa[i] = p[4]; w0[i] = p[5]; alpha[i] = p[6];
            double tau = p[1];
            if (spin[i]) {
                double dh = w0[i] * tau + alpha[i] * tau * tau / 2;
                l -= dh * halfBase;
                r += dh * halfBase;
                h += dh;
            } else {
                double s = v0[i] * tau + acc[i] * tau * tau / 2;
                double k = kappa[i];
                if (Math.abs(k) < 1e-12) {
                    x += s * Math.cos(h);
                    y += s * Math.sin(h);
                } else {
                    double h1 = h + k * s;
                    x += (Math.sin(h1) - Math.sin(h)) / k;
                    y -= (Math.cos(h1) - Math.cos(h)) / k;
                    h = h1;
                }
                l += s * (1 - k * halfBase);
                r += s * (1 + k * halfBase);
            }
            t += tau;
        }
        // Sentinel: standing still at the end pose, forever.
        t0[n] = t; dur[n] = Double.POSITIVE_INFINITY; x0[n] = x; y0[n] = y; h0[n] = h; left0[n] = l; right0[n] = r;
        endTimeS = t;
    }

    /** Builds the trajectory of {@code segments} from a start pose (ENU metres, heading CCW from east). */
    public static Trajectory of(DriveLimits limits, List<Segment> segments, double startEastM, double startNorthM,
                                double startHeadingRad) {
        List<double[]> pieces = new ArrayList<>();
        double vIn = 0;
        for (int i = 0; i < segments.size(); i++) {
            Segment seg = segments.get(i);
            Segment next = i + 1 < segments.size() ? segments.get(i + 1) : null;
            switch (seg) {
                case Segment.Straight s -> vIn = roll(limits, pieces, s.distanceM(), 0, cruise(limits, seg), vIn,
                        Math.min(cruise(limits, seg), cruise(limits, next)));
                case Segment.Arc a -> vIn = roll(limits, pieces, a.radiusM() * Math.abs(a.angleRad()),
                        Math.signum(a.angleRad()) / a.radiusM(), cruise(limits, seg), vIn,
                        Math.min(cruise(limits, seg), cruise(limits, next)));
                case Segment.Turn tn -> {
                    turn(limits, pieces, tn.angleRad());
                    vIn = 0;
                }
                case Segment.Wait w -> {
                    if (w.seconds() > 0) {
                        pieces.add(new double[]{0, w.seconds(), 0, 0, 0, 0, 0});
                    }
                    vIn = 0;
                }
            }
        }
        return new Trajectory(limits, pieces, startEastM, startNorthM, startHeadingRad);
    }

    /** Cruise speed of a moving segment within the limits (outer wheel and yaw rate); 0 for others. */
    static double cruise(DriveLimits lim, Segment seg) {
        if (seg instanceof Segment.Straight s) {
            return Math.min(s.speedMps(), lim.maxSpeedMps());
        }
        if (seg instanceof Segment.Arc a) {
            double k = 1 / a.radiusM();
            double v = Math.min(a.speedMps(), lim.maxSpeedMps() / (1 + k * lim.wheelBaseM() / 2));
            return Math.min(v, lim.maxTurnRateRadS() / k);
        }
        return 0;
    }

    /** Adds ramp/cruise/ramp pieces over {@code distance}; returns the exit speed. */
    private static double roll(DriveLimits lim, List<double[]> out, double distance, double k, double vc, double vIn,
                               double vOut) {
        if (distance <= 0) {
            return vIn;
        }
        double a = lim.maxAccelMps2();
        double dAcc = (vc * vc - vIn * vIn) / (2 * a);
        double dDec = (vc * vc - vOut * vOut) / (2 * a);
        if (dAcc + dDec > distance) {
            vc = Math.sqrt((2 * a * distance + vIn * vIn + vOut * vOut) / 2);
            if (vc < Math.max(vIn, vOut)) {
                // Too short even for one ramp: a single ramp from vIn to vOut (harder than the limit).
                double ramp = (vOut * vOut - vIn * vIn) / (2 * distance);
                out.add(new double[]{0, 2 * distance / (vIn + vOut), vIn, ramp, k, 0, 0});
                return vOut;
            }
            dAcc = (vc * vc - vIn * vIn) / (2 * a);
            dDec = (vc * vc - vOut * vOut) / (2 * a);
        }
        if (vc - vIn > 1e-12) out.add(new double[]{0, (vc - vIn) / a, vIn, a, k, 0, 0});
        double dCruise = distance - dAcc - dDec;
        if (dCruise > 1e-12) out.add(new double[]{0, dCruise / vc, vc, 0, k, 0, 0});
        if (vc - vOut > 1e-12) out.add(new double[]{0, (vc - vOut) / a, vc, -a, k, 0, 0});
        return vOut;
    }

    private static void turn(DriveLimits lim, List<double[]> out, double angle) {
        double mag = Math.abs(angle);
        if (mag < 1e-12) {
            return;
        }
        double sign = Math.signum(angle);
        double wMax = Math.min(lim.maxTurnRateRadS(), lim.maxSpeedMps() / (lim.wheelBaseM() / 2));
        double al = lim.maxAngularAccelRadS2();
        double rampAngle = wMax * wMax / al;
        if (rampAngle > mag) {
            wMax = Math.sqrt(mag * al);
            rampAngle = mag;
        }
        double tr = wMax / al;
        out.add(new double[]{1, tr, 0, 0, 0, 0, sign * al});
        if (mag - rampAngle > 1e-12) out.add(new double[]{1, (mag - rampAngle) / wMax, 0, 0, 0, sign * wMax, 0});
        out.add(new double[]{1, tr, 0, 0, 0, sign * wMax, -sign * al});
    }

    public DriveLimits limits() {
        return limits;
    }

    /** Seconds until the last piece ends (the robot stands still afterwards). */
    public double endTimeS() {
        return endTimeS;
    }

    /**
     * Fills the planar part of {@code out} at {@code tS} seconds: east/north, heading (unwrapped and
     * wrapped), speed, velocity, along-track acceleration, turn rate, wheel travel.
     */
    @Override
    public void planarAt(double tS, TruthState out) {
        int i = find(Math.max(0, tS));
        double tau = Math.max(0, tS) - t0[i];
        double halfBase = limits.wheelBaseM() / 2;
        double x = x0[i], y = y0[i], h = h0[i], v = 0, a = 0, w = 0, l = left0[i], r = right0[i];
        if (i < n) {
            if (spin[i]) {
                double dh = w0[i] * tau + alpha[i] * tau * tau / 2;
                h += dh;
                w = w0[i] + alpha[i] * tau;
                l -= dh * halfBase;
                r += dh * halfBase;
            } else {
                double s = v0[i] * tau + acc[i] * tau * tau / 2;
                double k = kappa[i];
                v = v0[i] + acc[i] * tau;
                a = acc[i];
                w = k * v;
                if (Math.abs(k) < 1e-12) {
                    x += s * Math.cos(h);
                    y += s * Math.sin(h);
                } else {
                    double h1 = h + k * s;
                    x += (Math.sin(h1) - Math.sin(h)) / k;
                    y -= (Math.cos(h1) - Math.cos(h)) / k;
                    h = h1;
                }
                l += s * (1 - k * halfBase);
                r += s * (1 + k * halfBase);
            }
        }
        out.eastM = x;
        out.northM = y;
        out.headingUnwrappedRad = h;
        out.headingRad = wrap(h);
        out.speedMps = v;
        out.velocityEastMps = v * Math.cos(h);
        out.velocityNorthMps = v * Math.sin(h);
        out.alongTrackAccelMps2 = a;
        out.turnRateRadS = w;
        out.leftTravelM = l;
        out.rightTravelM = r;
    }

    private int find(double t) {
        int lo = 0, hi = n; // t0[n] is the sentinel
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (t0[mid] <= t) lo = mid; else hi = mid - 1;
        }
        return lo;
    }

    /** Wraps an angle to [-pi, pi). */
    public static double wrap(double rad) {
        double r = rad - 2 * Math.PI * Math.floor((rad + Math.PI) / (2 * Math.PI));
        return r >= Math.PI ? r - 2 * Math.PI : r;
    }
}
