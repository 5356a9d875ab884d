package io.afferent.fusion;

import io.afferent.api.msg.Wheels;

/**
 * The wheel encoder input: turns the tick counts since the previous sample into a speed and a turn rate with
 * their variances (quantisation, noise floor and slip), flags a standstill once neither wheel has ticked for
 * {@code standstill_after} (for the zero-rate update), and validates missed edges and impossible speeds.
 *
 * <p>Single thread: the stage thread.
 */
final class WheelsInput {
    private final FusionParams f;
    private final SourceValidator check;
    private final MeasurementFuser fuser;
    private final StepTracer tracer;
    private final boolean trace;

    private boolean haveWheels;
    private long lastWheelNanos;
    private long lastLeftTicks, lastRightTicks, lastIllegal;
    /** Since when neither wheel has moved by a tick (Long.MIN_VALUE: moving). */
    private long stillSinceNanos = Long.MIN_VALUE;

    WheelsInput(FusionParams f, SourceValidator check, MeasurementFuser fuser, StepTracer tracer) {
        this.f = f;
        this.check = check;
        this.fuser = fuser;
        this.tracer = tracer;
        this.trace = f.traceSteps;
    }

    /** Validates and fuses one sample valid at {@code t}; returns whether something was fused. */
    boolean handle(Wheels w, long t) {
        int ticksPerRev = w.ticksPerRevolution > 0 ? w.ticksPerRevolution : f.encoderTicksPerRev;
        if (!haveWheels || t <= lastWheelNanos || t - lastWheelNanos > 1_000_000_000L) {
            haveWheels = true;
            lastWheelNanos = t;
            lastLeftTicks = w.leftTicks;
            lastRightTicks = w.rightTicks;
            lastIllegal = w.illegalTransitions;
            stillSinceNanos = Long.MIN_VALUE;
            check.onSample(t, false, t);
            if (trace) tracer.mark(FusionSteps.VALIDATE);
            return false;
        }
        double dt = (t - lastWheelNanos) * 1e-9;
        double metresPerTick = 2 * Math.PI * f.wheelRadiusM / ticksPerRev;
        double dl = (w.leftTicks - lastLeftTicks) * metresPerTick;
        double dr = (w.rightTicks - lastRightTicks) * metresPerTick;
        boolean error = w.illegalTransitions != lastIllegal
                || Math.abs(dl) > f.maxWheelSpeedMps * dt || Math.abs(dr) > f.maxWheelSpeedMps * dt;
        if (error || dl != 0 || dr != 0) {
            stillSinceNanos = Long.MIN_VALUE;
        } else if (stillSinceNanos == Long.MIN_VALUE) {
            stillSinceNanos = lastWheelNanos; // no tick since the previous sample
        }
        lastWheelNanos = t;
        lastLeftTicks = w.leftTicks;
        lastRightTicks = w.rightTicks;
        lastIllegal = w.illegalTransitions;
        boolean ok = check.onSample(t, error, t);
        if (trace) tracer.mark(FusionSteps.VALIDATE);
        if (!ok) {
            return false;
        }
        double b = f.wheelBaseM;
        double v = (dl + dr) / (2 * dt);
        double omega = (dr - dl) / (b * dt);
        double q2 = metresPerTick * metresPerTick;
        double slip = f.odoSlipFraction * (Math.abs(dl) + Math.abs(dr)) / dt;
        double sv = f.odoSpeedSigmaMps;
        double[] meas = fuser.meas;
        meas[0] = v;
        meas[1] = omega;
        meas[2] = q2 / (12 * dt * dt) + sv * sv + 0.25 * slip * slip;
        meas[3] = q2 / (3 * b * b * dt * dt) + 4 * sv * sv / (b * b) + slip * slip / (b * b);
        boolean standstill = stillSinceNanos != Long.MIN_VALUE && t - stillSinceNanos >= f.standstillAfterNanos;
        meas[4] = f.zeroRateUpdates && standstill ? 1 : 0;
        return fuser.fuse(MeasurementFuser.EV_ODO, t, FusionSteps.UPDATE_WHEELS);
    }

    void reset() {
        haveWheels = false;
        stillSinceNanos = Long.MIN_VALUE;
    }
}
