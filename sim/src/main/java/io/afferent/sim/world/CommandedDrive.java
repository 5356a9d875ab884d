package io.afferent.sim.world;

import io.afferent.api.truth.TruthState;

import java.util.SplittableRandom;

/**
 * A simulated differential drive that follows wheel speed commands ({@code sim-drive}): each wheel's speed follows
 * its command through a deadband (a command below it is 0), a first-order lag ({@code motor_lag}) and an
 * acceleration limit, plus a little slowly varying noise (white noise through a 0.2 s low-pass, so the simulated
 * IMU sees no impossible accelerations). The motion is integrated in fixed steps of {@link #STEP_S} (midpoint
 * heading), and the last {@link #HISTORY} steps are kept, so that readers on other threads asking for a time
 * up to 16 s back get the state at that time, interpolated between steps; an older time gives NaN (a scorer that
 * needs the truth of the whole run records it as it goes).
 *
 * <p>Time: a command takes effect from its time {@code tS} (the sim-drive output gives its cause's acquisition
 * time plus a declared actuation delay), and a reader asking for a time advances the drive on the commands so far.
 * A command is therefore on time when it arrives before any reader asked for a time at or after {@code tS}: then the
 * motion is a function of the seed and of the sequence of (time, command) alone, whatever the threads' scheduling,
 * and a live run that keeps up moves the robot exactly as a virtual-time run does. A command that arrives later is
 * applied from the step the drive has reached (returned as late, for the output to count). Thread-safe (one lock);
 * no allocation.
 */
public final class CommandedDrive implements PlanarMotion {
    public static final double STEP_S = 0.001;
    static final int HISTORY = 16_384;
    private static final double NOISE_TAU_S = 0.2;

    private final double base;
    private final SplittableRandom random;
    private double lagS = 0.05;
    private double accelMps2 = 1.0;
    private double deadbandMps = 0.0;
    private double noiseMps = 0.0;
    // State after step k.
    private long k;
    private double x, y, h, coreL, coreR, noiseL, noiseR, l, r, v, w, a;
    private double cmdL, cmdR;
    private final double[] hx = new double[HISTORY], hy = new double[HISTORY], hh = new double[HISTORY],
            hv = new double[HISTORY], hw = new double[HISTORY], ha = new double[HISTORY], hl = new double[HISTORY],
            hr = new double[HISTORY];

    public CommandedDrive(double wheelBaseM, long seed, double startEastM, double startNorthM, double startHeadingRad) {
        this.base = wheelBaseM;
        this.random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        this.x = startEastM;
        this.y = startNorthM;
        this.h = startHeadingRad;
        store();
    }

    /** The motor model ({@code sim-drive}'s params). Set-up thread, before the run. */
    public synchronized void model(double lagS, double accelMps2, double deadbandMps, double noiseMps) {
        this.lagS = lagS;
        this.accelMps2 = accelMps2;
        this.deadbandMps = deadbandMps;
        this.noiseMps = noiseMps;
    }

    /**
     * New wheel speed targets (m/s) from simulated time {@code tS} on. Returns false when the drive had already been
     * advanced past {@code tS} (a reader asked for a later time first): the command is then applied from the step
     * reached, late.
     */
    public synchronized boolean command(double tS, double leftMps, double rightMps) {
        long target = stepOf(tS);
        boolean onTime = k <= target;
        advanceTo(target);
        cmdL = Math.abs(leftMps) < deadbandMps ? 0 : leftMps;
        cmdR = Math.abs(rightMps) < deadbandMps ? 0 : rightMps;
        return onTime;
    }

    @Override
    public synchronized void planarAt(double tS, TruthState out) {
        double steps = Math.max(0, tS) / STEP_S;
        long k0 = (long) Math.floor(steps);
        double f = steps - k0;
        advanceTo(k0 + 1);
        long oldest = k - HISTORY + 1;
        if (k0 < oldest) {
            forgotten(out); // older than the history: unknown, never a wrong state
            return;
        }
        int i = (int) (k0 % HISTORY);
        int j = (int) ((k0 + 1) % HISTORY);
        out.eastM = hx[i] + f * (hx[j] - hx[i]);
        out.northM = hy[i] + f * (hy[j] - hy[i]);
        double heading = hh[i] + f * (hh[j] - hh[i]);
        out.headingUnwrappedRad = heading;
        out.headingRad = Trajectory.wrap(heading);
        out.speedMps = hv[j];
        out.velocityEastMps = hv[j] * Math.cos(heading);
        out.velocityNorthMps = hv[j] * Math.sin(heading);
        out.alongTrackAccelMps2 = ha[j];
        out.turnRateRadS = hw[j];
        out.leftTravelM = hl[i] + f * (hl[j] - hl[i]);
        out.rightTravelM = hr[i] + f * (hr[j] - hr[i]);
    }

    private static void forgotten(TruthState out) {
        out.eastM = out.northM = out.headingUnwrappedRad = out.headingRad = Double.NaN;
        out.speedMps = out.velocityEastMps = out.velocityNorthMps = Double.NaN;
        out.alongTrackAccelMps2 = out.turnRateRadS = out.leftTravelM = out.rightTravelM = Double.NaN;
    }

    private static long stepOf(double tS) {
        return (long) Math.floor(Math.max(0, tS) / STEP_S);
    }

    private void advanceTo(long target) {
        while (k < target) {
            step();
        }
    }

    private void step() {
        coreL = follow(coreL, cmdL);
        coreR = follow(coreR, cmdR);
        double lp = STEP_S / NOISE_TAU_S;
        noiseL += (noiseMps * random.nextGaussian() * Math.sqrt(2 / lp) - noiseL) * lp;
        noiseR += (noiseMps * random.nextGaussian() * Math.sqrt(2 / lp) - noiseR) * lp;
        boolean movingL = coreL != 0 || cmdL != 0;
        boolean movingR = coreR != 0 || cmdR != 0;
        double vl = coreL + (movingL ? noiseL : 0); // a wheel at rest stays at rest
        double vr = coreR + (movingR ? noiseR : 0);
        double vNew = (vl + vr) / 2;
        double wNew = (vr - vl) / base;
        double hMid = h + wNew * STEP_S / 2;
        x += vNew * STEP_S * Math.cos(hMid);
        y += vNew * STEP_S * Math.sin(hMid);
        h += wNew * STEP_S;
        l += vl * STEP_S;
        r += vr * STEP_S;
        a = (vNew - v) / STEP_S;
        v = vNew;
        w = wNew;
        k++;
        store();
    }

    /** One step of a wheel's speed towards its command: first-order lag, then the acceleration limit. */
    private double follow(double speed, double command) {
        double dv = (command - speed) * Math.min(1, STEP_S / lagS);
        double max = accelMps2 * STEP_S;
        dv = Math.max(-max, Math.min(max, dv));
        double next = speed + dv;
        return Math.abs(next - command) < 1e-9 ? command : next;
    }

    private void store() {
        int i = (int) (k % HISTORY);
        hx[i] = x;
        hy[i] = y;
        hh[i] = h;
        hv[i] = v;
        hw[i] = w;
        ha[i] = a;
        hl[i] = l;
        hr[i] = r;
    }
}
