package io.afferent.fusion;

import io.afferent.api.Clock;
import io.afferent.api.Counter;
import io.afferent.api.Output;
import io.afferent.api.msg.Digital;
import io.afferent.api.msg.GpsFix;
import io.afferent.api.msg.Imu;
import io.afferent.api.msg.Pose;
import io.afferent.api.msg.Wheels;

import java.util.Map;
import java.util.function.Function;

/**
 * The estimator behind the fusion stage: a Mahony AHRS at the IMU rate and a planar EKF ({@link PoseEkf})
 * fusing the gyro's yaw rate, wheel odometry and GPS position and course, each at its own time of validity.
 * This class orchestrates one call: inputs go through an optional reorder window ({@link ReorderBuffer}) to
 * their input part ({@link ImuInput}, {@link WheelsInput}, {@link GpsInput}), which validates them
 * ({@link SourceValidator}) and hands a measurement to the {@link MeasurementFuser} (which rewinds the filter
 * for a late one); every call that fused something publishes a pose ({@link PoseWriter}). Each call is traced
 * step by step ({@link StepTracer}) and the {@link OverrunPolicy} applies while over the deadline budget
 * ({@link OverrunGuard}); an emergency stop is flagged and published at once ({@link EmergencyStop}).
 *
 * <p>Single thread: the stage thread calls the {@code on...} methods, {@link #flush()} and {@link #reset()}.
 * The reporter may call {@link #appendStatus}, {@link #overrunDetail}, {@link #flags()}, {@link #latest()}
 * (racy snapshot for display) and the counters.
 */
public final class FusionProcessor {
    private final FusionParams f;
    private final StepTracer tracer;
    private final boolean trace;
    private final FusionCounters counters;
    private final OverrunGuard overrun;
    private final MahonyAhrs ahrs;
    private final LocalFrame frame = new LocalFrame();
    private final SourceValidator imuCheck;
    private final SourceValidator wheelsCheck;
    private final SourceValidator gpsCheck;
    private final MeasurementFuser fuser;
    private final PoseEkf ekf;
    private final ImuInput imu;
    private final WheelsInput wheels;
    private final GpsInput gps;
    private final EmergencyStop estop;
    private final PoseWriter pose;
    private final ReorderBuffer reorder;

    private long newestNanos = Long.MIN_VALUE;
    /** Numbers the inputs held in the reorder window, so that a call knows whether its own input was fused. */
    private long serial;
    private long currentSerial;
    private boolean appliedCurrent;
    private boolean fusedThisCall;
    /** Origin and chain of the oldest input fused in this call: the pose it publishes is caused by it. */
    private long appliedOriginNanos;
    private int appliedChain;
    private volatile int currentFlags;

    private FusionProcessor(FusionParams params, Clock clock, Output<Pose> output, FusionCounters counters) {
        this.f = params;
        this.counters = counters;
        this.tracer = new StepTracer(clock, params.budgetNanos, FusionSteps.NAMES);
        this.trace = params.traceSteps;
        this.overrun = new OverrunGuard(params, counters.overrunEntries);
        this.ahrs = new MahonyAhrs(params.ahrsKp, params.ahrsKi);
        this.imuCheck = new SourceValidator(params.imuTimeoutNanos, params.imuStuckSamples, params.errorDensityLimit,
                counters.imuFailures);
        this.wheelsCheck = new SourceValidator(params.wheelsTimeoutNanos, 0, params.errorDensityLimit,
                counters.wheelsFailures);
        this.gpsCheck = new SourceValidator(params.gpsTimeoutNanos, params.gpsStuckSamples, params.errorDensityLimit,
                counters.gpsFailures);
        this.fuser = new MeasurementFuser(params, tracer, overrun, counters);
        this.ekf = fuser.ekf;
        this.imu = new ImuInput(params, ahrs, imuCheck, fuser, overrun, tracer, counters.imuSkipped);
        this.wheels = new WheelsInput(params, wheelsCheck, fuser, tracer);
        this.gps = new GpsInput(params, gpsCheck, frame, fuser, tracer, counters.gpsRepeats);
        this.estop = new EmergencyStop(counters.estopActivations, counters.estopActive);
        this.pose = new PoseWriter(output, ekf, ahrs, frame, imu, counters.outputsPublished);
        this.reorder = new ReorderBuffer(params.reorderCapacity);
        if (params.originConfigured) {
            frame.setOrigin(params.originLatDeg, params.originLonDeg);
        }
    }

    /**
     * The processor of a run: poses go to {@code output}, counters are made by {@code counters} (the stage's
     * {@code Setup::counter}); {@code clock} times the steps against the budget.
     */
    public static FusionProcessor create(FusionParams params, Clock clock, Output<Pose> output,
                                         Function<String, Counter> counters) {
        return new FusionProcessor(params, clock, output, new FusionCounters(counters));
    }

    /** A processor outside any run (tests, benchmarks): its poses are only kept as {@link #latest()}. */
    public static FusionProcessor create(FusionParams params, Clock clock) {
        return new FusionProcessor(params, clock, new DetachedOutput(), FusionCounters.local());
    }

    /**
     * Runs a detached copy of this processor (same parameters; its own state, clock, output and counters)
     * through the synthetic drive of {@link WarmUpDrive}, so that class loading and compilation happen now
     * rather than as deadline misses in the run's first second.
     */
    public void warmUp() {
        warmedUpCopy();
    }

    /** The detached copy after the warm-up drive (for tests to see what it exercised). */
    FusionProcessor warmedUpCopy() {
        return WarmUpDrive.run(f);
    }

    /** An IMU sample acquired at {@code originNanos}; returns whether it was fused and a pose published. */
    public boolean onImu(Imu m, long originNanos, int chain) {
        long t = startCall(originNanos);
        if (f.reorderWindowNanos == 0) {
            return finishDirect(imu.handle(m, t), originNanos, chain);
        }
        makeRoom().holdImu(m);
        return finishHeld(t, originNanos, chain);
    }

    /** A wheel encoder sample acquired at {@code originNanos}; returns whether it was fused and a pose published. */
    public boolean onWheels(Wheels m, long originNanos, int chain) {
        long t = startCall(originNanos);
        if (f.reorderWindowNanos == 0) {
            return finishDirect(wheels.handle(m, t), originNanos, chain);
        }
        makeRoom().holdWheels(m);
        return finishHeld(t, originNanos, chain);
    }

    /**
     * A GPS fix acquired at {@code originNanos}, valid {@code gps_delay} before; returns whether it was used and
     * a pose published.
     */
    public boolean onGps(GpsFix m, long originNanos, int chain) {
        long t = startCall(originNanos - f.gpsDelayNanos);
        if (f.reorderWindowNanos == 0) {
            return finishDirect(gps.handle(m, t), originNanos, chain);
        }
        makeRoom().holdGps(m);
        return finishHeld(t, originNanos, chain);
    }

    /**
     * A digital input: an emergency stop's change of state is flagged and published at once, so that
     * subscribers (and the latency of the e-stop's chain) see it within the stage's next cycle. Returns whether
     * a pose was published; any other digital input is ignored.
     */
    public boolean onDigital(Digital m, long originNanos, int chain) {
        tracer.begin();
        if (!m.emergencyStop || !estop.change(m.high)) {
            tracer.end();
            return false;
        }
        int fl = flags(ekf.timeNanos);
        currentFlags = fl;
        pose.publish(fl, originNanos, chain);
        tracer.end();
        return true;
    }

    /** An input fusion accepts but does not use (a range sensor): counted as a call, nothing else. */
    public boolean onIgnored() {
        tracer.begin();
        tracer.end();
        return false;
    }

    /** Begins a call for an input valid at {@code t}; returns {@code t}. */
    private long startCall(long t) {
        tracer.begin();
        if (t > newestNanos) {
            newestNanos = t;
        }
        appliedCurrent = false;
        fusedThisCall = false;
        currentSerial = ++serial;
        return t;
    }

    /** Ends a call whose input went straight to the filter. */
    private boolean finishDirect(boolean fused, long originNanos, int chain) {
        applied(fused, originNanos, chain);
        appliedCurrent = fusedThisCall;
        return finishCall();
    }

    /** Makes room in a full window by releasing its oldest input; returns the slot to copy the new input into. */
    private HeldInput makeRoom() {
        if (reorder.isFull()) {
            release(reorder.oldest(), reorder.oldestKey());
            reorder.removeOldest();
        }
        return reorder.spare();
    }

    /** Inserts the input copied into the spare slot at time {@code t}, releases what the window lets go, ends the call. */
    private boolean finishHeld(long t, long originNanos, int chain) {
        reorder.spare().envelope(originNanos, chain, currentSerial);
        reorder.insertSpare(t);
        long releaseBefore = newestNanos - f.reorderWindowNanos;
        while (!reorder.isEmpty() && reorder.oldestKey() <= releaseBefore) {
            long key = reorder.oldestKey();
            release(reorder.removeOldest(), key);
        }
        if (trace) tracer.mark(FusionSteps.REORDER);
        return finishCall();
    }

    /** An input released by the window in time order (or late): validates it and fuses it. */
    private void release(HeldInput h, long t) {
        boolean fused = switch (h.kind) {
            case HeldInput.IMU -> imu.handle(h.imu, t);
            case HeldInput.WHEELS -> wheels.handle(h.wheels, t);
            default -> gps.handle(h.gps, t);
        };
        applied(fused, h.originNanos, h.chain);
        if (fused && h.serial == currentSerial) {
            appliedCurrent = true;
        }
    }

    private void applied(boolean fused, long originNanos, int chain) {
        if (!fused) {
            return;
        }
        if (!fusedThisCall || originNanos < appliedOriginNanos) {
            appliedOriginNanos = originNanos;
            appliedChain = chain;
        }
        fusedThisCall = true;
    }

    private boolean finishCall() {
        imuCheck.checkTimeout(newestNanos);
        wheelsCheck.checkTimeout(newestNanos);
        gpsCheck.checkTimeout(newestNanos);
        int fl = flags(ekf.timeNanos);
        currentFlags = fl;
        if (fusedThisCall) {
            pose.publish(fl, appliedOriginNanos, appliedChain);
            if (trace) tracer.mark(FusionSteps.PUBLISH);
        }
        overrun.afterCall(tracer.end());
        return appliedCurrent;
    }

    /**
     * Fuses whatever the reorder window still holds and publishes the result; for the end of a run, after the
     * last input (the stage calls it once its inputs are drained).
     */
    public void flush() {
        tracer.begin();
        fusedThisCall = false;
        currentSerial = 0;
        while (!reorder.isEmpty()) {
            long key = reorder.oldestKey();
            release(reorder.removeOldest(), key);
        }
        if (fusedThisCall) {
            pose.publish(flags(ekf.timeNanos), appliedOriginNanos, appliedChain);
        }
        tracer.end();
    }

    /** Drops the estimate and every input's history (an emergency stop stays as it is). */
    public void reset() {
        fuser.reset();
        ahrs.reset();
        reorder.clear();
        imuCheck.reset();
        wheelsCheck.reset();
        gpsCheck.reset();
        if (!f.originConfigured) frame.clear();
        newestNanos = Long.MIN_VALUE;
        imu.reset();
        wheels.reset();
        gps.reset();
        overrun.reset();
    }

    private int flags(long nowNanos) {
        int fl = imuCheck.flags() << FusionFlags.IMU | wheelsCheck.flags() << FusionFlags.WHEELS
                | gpsCheck.flags() << FusionFlags.GPS;
        if (fuser.gpsRejecting()) fl |= FusionFlags.GPS_REJECTING;
        if (fuser.deadReckoning(nowNanos)) fl |= FusionFlags.DEAD_RECKONING;
        if (overrun.over()) fl |= FusionFlags.OVERRUN;
        if (fuser.positionAbsolute()) fl |= FusionFlags.POSITION_ABSOLUTE;
        if (estop.active()) fl |= FusionFlags.EMERGENCY_STOP;
        return fl;
    }

    public FusionParams params() {
        return f;
    }

    /** Per-step timing of the calls; see {@link StepTracer} for which thread may call what. */
    public StepTracer tracer() {
        return tracer;
    }

    /** The last published pose; the reporter may read it racily for display. */
    public Pose latest() {
        return pose.latest();
    }

    /** The current {@link FusionFlags} (also those of a source that failed since the last output). Any thread, racy. */
    public int flags() {
        return currentFlags;
    }

    /** Whether an emergency stop is active. Stage thread (racy read for display elsewhere). */
    public boolean emergencyStopActive() {
        return estop.active();
    }

    /** Reporter thread: the breakdown of the last deadline miss, at most once a second, or null. */
    public String overrunDetail(long nowNanos) {
        return tracer.warningIfDue(nowNanos);
    }

    /** Every counter by its report name, in report order (allocates; racy reads). */
    public Map<String, Long> counters() {
        return counters.snapshot();
    }

    public long published() { return counters.outputsPublished.get(); }
    public long imuFused() { return counters.imuFused.get(); }
    public long wheelsFused() { return counters.wheelsFused.get(); }
    public long gpsFused() { return counters.gpsFused.get(); }
    public long gpsRejected() { return counters.gpsRejected.get(); }
    public long courseFused() { return counters.courseFused.get(); }
    public long headingResets() { return counters.headingResets.get(); }
    public long zeroRateFused() { return counters.zeroRateFused.get(); }
    public long zeroRateRejected() { return counters.zeroRateRejected.get(); }
    public long lateFused() { return counters.lateFused.get(); }
    public long tooLate() { return counters.tooLate.get(); }
    public long imuSkipped() { return counters.imuSkipped.get(); }
    public long imuFailures() { return imuCheck.failures(); }
    public long gpsFailures() { return gpsCheck.failures(); }

    /** Reporter thread: a short live status of the last pose (racy; no allocation). */
    public void appendStatus(StringBuilder sb) {
        Pose o = pose.latest();
        Fixed.append(sb.append("x="), o.xM, 1);
        Fixed.append(sb.append(" y="), o.yM, 1);
        Fixed.append(sb.append(" m hdg="), Math.toDegrees(o.headingRad), 0);
        Fixed.append(sb.append("° v="), o.speedMps, 2);
        Fixed.append(sb.append(" m/s σ="), o.positionSigmaM, 1);
        FusionFlags.appendTo(sb.append(" m "), currentFlags);
    }
}
