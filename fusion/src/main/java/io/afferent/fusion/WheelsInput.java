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

    /**
     * Odometry over a longer interval than this is also fused in the middle of the filter's gap (see
     * {@link #handle}); over longer than {@link #ODO_RESET_NANOS} it is not used (the counts start again).
     */
    static final long ODO_GAP_NANOS = 100_000_000L, ODO_RESET_NANOS = 5_000_000_000L;

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
        if (!haveWheels || t <= lastWheelNanos || t - lastWheelNanos > ODO_RESET_NANOS) {
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
        long fromNanos = lastWheelNanos;
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
        // After a gap (readers held up by the scheduler skip the periods they missed) the ticks still say how far
        // each wheel went across it: their mean speed and turn rate are fused in the middle of the filter's gap
        // (from its last measurement before the gap; what came after is re-applied), where a mean over the gap is
        // valid and where the turn rate, no longer pinned by the gyro, follows them, rather than only at the gap's
        // end after predicting the heading across it with the turn rate from before it.
        if (t - fromNanos > ODO_GAP_NANOS) {
            long gapStart = fuser.lastMeasurementBefore(t - ODO_GAP_NANOS, fromNanos);
            if (fuser.fuse(MeasurementFuser.EV_ODO, gapStart + (t - gapStart) / 2, FusionSteps.UPDATE_WHEELS)) {
                return true;
            }
        }
        return fuser.fuse(MeasurementFuser.EV_ODO, t, FusionSteps.UPDATE_WHEELS);
    }

    void reset() {
        haveWheels = false;
        stillSinceNanos = Long.MIN_VALUE;
    }
}
