package io.afferent.runtime.fusion;

import io.afferent.runtime.clock.NanoClock;
import io.afferent.runtime.clock.ManualClock;
import io.afferent.runtime.report.Decimal;
import io.afferent.runtime.sample.GpsFix;
import io.afferent.runtime.sample.Imu;
import io.afferent.runtime.sample.Sample;
import io.afferent.runtime.sample.SampleKind;
import io.afferent.runtime.sample.Wheels;
import io.afferent.runtime.stage.StageProcessor;
import io.afferent.runtime.timing.LatencyRecorder;

/**
 * The fusion stage (stage type {@code fusion}): a Mahony AHRS at the IMU rate and a planar EKF
 * ({@link PoseEkf}) fusing the gyro's yaw rate, wheel odometry and GPS position, each at its own time
 * of validity. Samples go through an optional reorder window ({@link ReorderBuffer}); a measurement
 * older than the filter is inserted into the filter's recent past and everything after it is
 * re-applied ({@link MeasurementHistory}), so a GPS fix that arrives late is fused as of when it was
 * valid. Each source is validated ({@link SourceValidator}); a failed source is not used and is named
 * in the output flags until it recovers. Each call is traced step by step ({@link StepTracer}) and the
 * {@link OverrunPolicy} applies while over the deadline budget. Every call that fused something
 * publishes a {@link FusedState} into {@link #output()}.
 *
 * <p>Single thread: the stage thread calls {@link #onSample} and {@link #reset}. The reporter may call
 * {@link #statusLine()}, {@link #tracer()}, {@link #latest()} (racy snapshot for display) and the
 * counters and recorders as their own javadoc says.
 */
public final class FusionProcessor implements StageProcessor {
    /** Steps of {@link #tracer()}. */
    public static final int STEP_REORDER = 0, STEP_VALIDATE = 1, STEP_AHRS = 2, STEP_PREDICT = 3,
            STEP_UPDATE_IMU = 4, STEP_UPDATE_WHEELS = 5, STEP_UPDATE_GPS = 6, STEP_REPLAY = 7, STEP_PUBLISH = 8;
    private static final String[] STEP_NAMES = {
        "reorder", "validate", "ahrs", "predict", "update-imu", "update-wheels", "update-gps", "replay", "publish"};

    /**
     * Measurement types, and what their {@link MeasurementHistory#Z} numbers in {@link #meas} hold:
     * gyro {yaw rate, variance}; odometry {speed, turn rate, their variances, 1 at a standstill else 0};
     * GPS {east, north, position variance per axis, heading from the course over ground (NaN: none), its
     * variance}.
     */
    private static final int EV_GYRO = 1, EV_ODO = 2, EV_GPS = 3;
    /**
     * Gate of a zero-rate update (χ², one degree of freedom: 4σ): beyond it the gyro, with the bias
     * known, says the robot is turning although the wheels have not ticked yet.
     */
    private static final double ZERO_RATE_GATE_CHI2 = 16;
    /** Heading variance after a reset to the course: anything (π rad σ), so the next course sets it. */
    private static final double HEADING_UNKNOWN_RAD2 = Math.PI * Math.PI;
    private static final double MAX_GYRO_RAD_S = 40;
    private static final double MAX_ACCEL_MPS2 = 20 * 9.81;

    private final FusionParams f;
    private final NanoClock clock;
    private final PoseEkf ekf;
    private final MahonyAhrs ahrs;
    private final MeasurementHistory history;
    private final ReorderBuffer reorder;
    private final LocalFrame frame = new LocalFrame();
    private final SourceValidator imuCheck;
    private final SourceValidator wheelsCheck;
    private final SourceValidator gpsCheck;
    private final StepTracer tracer;
    private final FusedStateRing output;
    private final FusedState state = new FusedState();
    /** The measurement being fused (see the EV_ types); copied into the history. */
    private final double[] meas = new double[MeasurementHistory.Z];
    private final boolean trace;

    private final LatencyRecorder e2eImu = new LatencyRecorder("fusion.e2e.imu");
    private final LatencyRecorder e2eWheels = new LatencyRecorder("fusion.e2e.wheels");
    private final LatencyRecorder e2eGps = new LatencyRecorder("fusion.e2e.gps");
    private final long[] appliedAcquired;
    private final byte[] appliedKind;
    private int appliedCount;

    private long newestNanos = Long.MIN_VALUE;
    private int currentSource;
    private long currentSequence;
    private boolean appliedCurrent;
    private boolean fusedThisCall;

    private long lastImuNanos = Long.MIN_VALUE;
    private int decimated;
    private double sumGx, sumGy, sumGz, sumDt;
    private boolean magUsed;

    private boolean haveWheels;
    private long lastWheelNanos;
    private long lastLeftTicks, lastRightTicks, lastIllegal;
    /** Since when neither wheel has moved by a tick (Long.MIN_VALUE: moving). */
    private long stillSinceNanos = Long.MIN_VALUE;

    private boolean gpsFused;
    private long lastGpsFusedNanos;
    /** UTC time of the last fix whose course was used: a receiver that sends RMC and GGA+VTG gives it twice. */
    private int lastCourseUtcMillis = -1;
    /** UTC time of the last fix whose position was used: GGA and RMC of one fix both carry it. */
    private int lastPositionUtcMillis = -1;
    private long gpsRejectSinceNanos = Long.MIN_VALUE;
    private long courseRejectSinceNanos = Long.MIN_VALUE;

    private volatile int currentFlags;
    private boolean overBudget;
    private int callsWithinBudget;

    // counters: single writer, racy reads
    private volatile long imuFused, wheelsFused, gpsFused_, gpsRejected, gpsResets, courseFused, courseRejected,
            headingResets, zeroRateFused, zeroRateRejected, gpsRepeats;
    private volatile long lateFused, tooLate, lateDropped, replayedEvents, imuSkipped, overrunEntries;

    private FusionProcessor(FusionParams params, NanoClock clock) {
        this.f = params;
        this.clock = clock;
        this.ekf = new PoseEkf(params);
        this.ahrs = new MahonyAhrs(params.ahrsKp, params.ahrsKi);
        this.history = new MeasurementHistory(params.historyCapacity);
        this.reorder = new ReorderBuffer(params.reorderCapacity);
        this.imuCheck = new SourceValidator(params.imuTimeoutNanos, params.imuStuckSamples, params.errorDensityLimit);
        this.wheelsCheck = new SourceValidator(params.wheelsTimeoutNanos, 0, params.errorDensityLimit);
        this.gpsCheck = new SourceValidator(params.gpsTimeoutNanos, params.gpsStuckSamples, params.errorDensityLimit);
        this.tracer = new StepTracer(clock, params.budgetNanos, STEP_NAMES);
        this.output = new FusedStateRing(params.outputRingSize);
        this.trace = params.traceSteps;
        this.appliedAcquired = new long[params.reorderCapacity + 1];
        this.appliedKind = new byte[params.reorderCapacity + 1];
        if (params.originConfigured) {
            frame.setOrigin(params.originLatDeg, params.originLonDeg);
        }
    }

    /** Length of the synthetic drive of {@link #warmUp()}, in ms of IMU samples. */
    static final int WARMUP_MS = 2000;

    /**
     * Runs a detached copy of this processor (same parameters; its own state, clock, output ring and
     * counters) through a synthetic 2 s drive (straights, turns, a stop) with IMU samples at 1 kHz, wheel
     * ticks at 200 Hz and GPS fixes with course at 10 Hz, every other one late. Without it, the first second of every run
     * missed the deadline once or twice (the cold output and update paths took ~1 ms).
     */
    @Override
    public void warmUp() {
        warmedUpCopy();
    }

    /** The detached copy after the synthetic drive of {@link #warmUp()} (for tests to see what it exercised). */
    FusionProcessor warmedUpCopy() {
        ManualClock twinClock = new ManualClock(0);
        FusionProcessor twin = new FusionProcessor(f, twinClock);
        Sample s = new Sample();
        double lat0 = f.originConfigured ? f.originLatDeg : 0.0;
        double lon0 = f.originConfigured ? f.originLonDeg : 0.0;
        double metresPerDegLat = 111_320.0;
        double metresPerDegLon = 111_320.0 * Math.cos(Math.toRadians(lat0));
        int ticksPerRev = 1024;
        double metresPerTick = 2 * Math.PI * f.wheelRadiusM / ticksPerRev;
        double x = 0, y = 0, th = 0, left = 0, right = 0;
        for (int ms = 1; ms <= WARMUP_MS; ms++) {
            double v = ms < WARMUP_MS - 800 ? 0.6 : 0;
            double w = v > 0 && (ms / 500) % 2 == 1 ? 0.4 : 0;
            x += v * Math.cos(th) * 1e-3;
            y += v * Math.sin(th) * 1e-3;
            th += w * 1e-3;
            left += (v - w * f.wheelBaseM / 2) * 1e-3;
            right += (v + w * f.wheelBaseM / 2) * 1e-3;
            long t = ms * 1_000_000L;
            twinClock.advanceTo(t);
            s.reset(SampleKind.IMU);
            s.acquiredNanos = s.publishedNanos = t;
            s.sequence = ms;
            s.imu.validMask = Imu.ACCEL | Imu.GYRO;
            // small deterministic wiggles: a constant reading would be (rightly) flagged as a stuck sensor
            s.imu.accelX = 0.02 * Math.sin(ms * 0.37);
            s.imu.accelY = 0.02 * Math.cos(ms * 0.53);
            s.imu.accelZ = 9.81 + 0.02 * Math.sin(ms * 0.71);
            s.imu.gyroX = 0.001 * Math.cos(ms * 0.29);
            s.imu.gyroY = 0.001 * Math.sin(ms * 0.43);
            s.imu.gyroZ = w + 0.001 * Math.sin(ms * 0.61);
            twin.onSample(s);
            if (ms % 5 == 0) {
                s.reset(SampleKind.WHEELS);
                s.acquiredNanos = s.publishedNanos = t;
                s.sequence = ms;
                s.wheels.ticksPerRevolution = ticksPerRev;
                s.wheels.leftTicks = Math.round(left / metresPerTick);
                s.wheels.rightTicks = Math.round(right / metresPerTick);
                twin.onSample(s);
            }
            if (ms % 100 == 0) {
                s.reset(SampleKind.GPS);
                // every other fix arrives 40 ms after its time, as from a slow receiver: the rewind path
                s.acquiredNanos = s.publishedNanos = ms % 200 == 0 ? t - 40_000_000L : t;
                s.sequence = ms;
                GpsFix g = s.gps;
                g.validMask = GpsFix.TIME | GpsFix.POSITION | GpsFix.VELOCITY | GpsFix.QUALITY;
                g.utcMillisOfDay = ms;
                g.latitudeDeg = lat0 + y / metresPerDegLat;
                g.longitudeDeg = lon0 + x / metresPerDegLon;
                g.speedMps = v;
                g.courseDeg = ((90 - Math.toDegrees(th)) % 360 + 360) % 360;
                g.fixQuality = 1;
                twin.onSample(s);
            }
        }
        twin.flush();
        return twin;
    }

    /** A processor with {@code params}; {@code clock} times the steps and the output (the stage's clock). */
    public static FusionProcessor create(FusionParams params, NanoClock clock) {
        return new FusionProcessor(params, clock);
    }

    public FusionParams params() {
        return f;
    }

    /** The output ring; sinks take a poller from it while the pipeline is built. */
    public FusedStateRing output() {
        return output;
    }

    /** Per-step timing of the calls; see {@link StepTracer} for which thread may call what. */
    public StepTracer tracer() {
        return tracer;
    }

    /** The last published state; the reporter may read it racily for display. */
    public FusedState latest() {
        return state;
    }

    private boolean estopActive;
    private long estopActivations;

    @Override
    public boolean onSample(Sample s) {
        tracer.begin();
        SampleKind kind = s.kind;
        if (kind == SampleKind.DIGITAL && s.digital.emergencyStop) {
            return emergencyStop(s.digital.high);
        }
        if (kind != SampleKind.IMU && kind != SampleKind.WHEELS && kind != SampleKind.GPS) {
            tracer.end();
            return false;
        }
        long t = kind == SampleKind.GPS ? s.acquiredNanos - f.gpsDelayNanos : s.acquiredNanos;
        if (t > newestNanos) {
            newestNanos = t;
        }
        appliedCurrent = false;
        fusedThisCall = false;
        appliedCount = 0;
        if (f.reorderWindowNanos == 0) {
            currentSource = -1;
            handle(s, t);
            appliedCurrent = fusedThisCall;
        } else {
            currentSource = s.sourceId;
            currentSequence = s.sequence;
            if (reorder.isFull()) {
                Sample old = reorder.oldest();
                handle(old, reorder.oldestKey());
                reorder.removeOldest();
            }
            reorder.insert(s, t);
            long releaseBefore = newestNanos - f.reorderWindowNanos;
            while (!reorder.isEmpty() && reorder.oldestKey() <= releaseBefore) {
                long key = reorder.oldestKey();
                handle(reorder.removeOldest(), key);
            }
            if (trace) tracer.mark(STEP_REORDER);
        }
        imuCheck.checkTimeout(newestNanos);
        wheelsCheck.checkTimeout(newestNanos);
        gpsCheck.checkTimeout(newestNanos);
        currentFlags = flags(ekf.timeNanos);
        if (fusedThisCall) {
            publish();
            if (trace) tracer.mark(STEP_PUBLISH);
        }
        long total = tracer.end();
        if (appliedCount > 0) {
            recordEndToEnd(tracer.lastEndNanos());
        }
        if (total > f.budgetNanos) {
            if (!overBudget) overrunEntries++;
            overBudget = true;
            callsWithinBudget = 0;
        } else if (overBudget && ++callsWithinBudget >= f.recoverCalls) {
            overBudget = false;
        }
        return appliedCurrent;
    }

    /**
     * An emergency-stop input: a change of state is flagged and published at once, so that sinks (and
     * the end-to-end latency of the e-stop source) see it within the stage's next cycle.
     */
    private boolean emergencyStop(boolean active) {
        if (active == estopActive) {
            tracer.end();
            return false;
        }
        estopActive = active;
        if (active) {
            estopActivations++;
        }
        currentFlags = flags(ekf.timeNanos);
        publish();
        tracer.end();
        return true;
    }

    /** Whether an emergency stop is active. Stage thread (racy read for display elsewhere). */
    public boolean emergencyStopActive() {
        return estopActive;
    }

    /**
     * Fuses whatever the reorder window still holds and publishes the result; for the end of a run,
     * after the last sample (stage thread; the stage should call it once its inputs are drained).
     */
    @Override
    public void flush() {
        tracer.begin();
        fusedThisCall = false;
        appliedCount = 0;
        currentSource = -1;
        while (!reorder.isEmpty()) {
            long key = reorder.oldestKey();
            handle(reorder.removeOldest(), key);
        }
        if (fusedThisCall) {
            publish();
        }
        tracer.end();
        if (appliedCount > 0) {
            recordEndToEnd(tracer.lastEndNanos());
        }
    }

    /** The current {@link FusionFlags} (also those of a source that failed since the last output). Any thread, racy. */
    public int flags() {
        return currentFlags;
    }

    /** Sample released in time order (or late): validates it and fuses it. */
    private void handle(Sample s, long t) {
        boolean fused = switch (s.kind) {
            case IMU -> imu(s.imu, t);
            case WHEELS -> wheels(s.wheels, t);
            case GPS -> gps(s.gps, t);
            default -> false;
        };
        if (fused) {
            fusedThisCall = true;
            if (appliedCount < appliedAcquired.length) {
                appliedAcquired[appliedCount] = s.acquiredNanos;
                appliedKind[appliedCount] = (byte) s.kind.ordinal();
                appliedCount++;
            }
            if (s.sourceId == currentSource && s.sequence == currentSequence) {
                appliedCurrent = true;
            }
        }
    }

    /** How long an accelerometer or magnetometer reading that came in its own frame stays usable. */
    private static final long PARTIAL_MAX_AGE_NANOS = 50_000_000L;
    private double heldAx, heldAy, heldAz, heldMx, heldMy, heldMz;
    private long heldAccelNanos = Long.MIN_VALUE;
    private long heldMagNanos = Long.MIN_VALUE;

    /**
     * A sensor that sends its quantities in separate frames (WitMotion: 0x51 acceleration, 0x52 rate,
     * 0x54 field) publishes IMU samples without a gyro part: their acceleration and field are kept and
     * used with the next gyro sample, if recent. Such a sample produces no output.
     */
    private boolean imuPartial(Imu m, long t) {
        if ((m.validMask & Imu.ACCEL) != 0) {
            if (Math.abs(m.accelX) < MAX_ACCEL_MPS2 && Math.abs(m.accelY) < MAX_ACCEL_MPS2
                    && Math.abs(m.accelZ) < MAX_ACCEL_MPS2) {
                heldAx = m.accelX;
                heldAy = m.accelY;
                heldAz = m.accelZ;
                heldAccelNanos = t;
            } else {
                imuCheck.onSample(t, true, t);
            }
        }
        if ((m.validMask & Imu.MAG) != 0) {
            heldMx = m.magX;
            heldMy = m.magY;
            heldMz = m.magZ;
            heldMagNanos = t;
        }
        if (trace) tracer.mark(STEP_VALIDATE);
        return false;
    }

    private boolean imu(Imu m, long t) {
        if ((m.validMask & Imu.GYRO) == 0) {
            return imuPartial(m, t);
        }
        boolean error = !(Math.abs(m.gyroX) < MAX_GYRO_RAD_S && Math.abs(m.gyroY) < MAX_GYRO_RAD_S && Math.abs(m.gyroZ) < MAX_GYRO_RAD_S)
                || (m.validMask & Imu.ACCEL) != 0
                && !(Math.abs(m.accelX) < MAX_ACCEL_MPS2 && Math.abs(m.accelY) < MAX_ACCEL_MPS2 && Math.abs(m.accelZ) < MAX_ACCEL_MPS2);
        long fp = mix(mix(mix(Double.doubleToRawLongBits(m.gyroX), m.gyroY), m.gyroZ), m.accelX + m.accelY + m.accelZ);
        boolean ok = imuCheck.onSample(t, error, fp);
        if (trace) tracer.mark(STEP_VALIDATE);
        if (!ok) {
            return false;
        }
        boolean degrading = overBudget && f.overrun != OverrunPolicy.ALARM;
        if (degrading && f.overrun == OverrunPolicy.SKIP) {
            imuSkipped++;
            lastImuNanos = Long.MIN_VALUE;
            return false;
        }
        boolean sampleAccel = (m.validMask & Imu.ACCEL) != 0;
        boolean hasAccel = sampleAccel || t - heldAccelNanos <= PARTIAL_MAX_AGE_NANOS && heldAccelNanos != Long.MIN_VALUE;
        double ax = sampleAccel ? m.accelX : heldAx;
        double ay = sampleAccel ? m.accelY : heldAy;
        double az = sampleAccel ? m.accelZ : heldAz;
        if (lastImuNanos == Long.MIN_VALUE || t <= lastImuNanos || t - lastImuNanos > 500_000_000L) {
            if (!ahrs.aligned() && hasAccel) {
                ahrs.alignFromAccel(ax, ay, az);
            }
            lastImuNanos = t;
            decimated = 0;
            sumGx = sumGy = sumGz = sumDt = 0;
            meas[0] = m.gyroZ;
            meas[1] = f.gyroNoiseRadPerS * f.gyroNoiseRadPerS;
            return fuse(EV_GYRO, t, STEP_UPDATE_IMU);
        }
        double dt = (t - lastImuNanos) * 1e-9;
        lastImuNanos = t;
        sumGx += m.gyroX * dt;
        sumGy += m.gyroY * dt;
        sumGz += m.gyroZ * dt;
        sumDt += dt;
        decimated++;
        if (degrading && decimated < f.degradeEvery) {
            imuSkipped++;
            return false;
        }
        double gx = sumGx / sumDt, gy = sumGy / sumDt, gz = sumGz / sumDt;
        int n = decimated;
        double dtAll = sumDt;
        decimated = 0;
        sumGx = sumGy = sumGz = sumDt = 0;
        boolean sampleMag = (m.validMask & Imu.MAG) != 0;
        boolean mag = f.useMag && !degrading
                && (sampleMag || heldMagNanos != Long.MIN_VALUE && t - heldMagNanos <= PARTIAL_MAX_AGE_NANOS);
        magUsed = mag;
        if (!ahrs.aligned() && hasAccel) {
            ahrs.alignFromAccel(ax, ay, az);
        }
        ahrs.update(gx, gy, gz, hasAccel ? ax : 0, hasAccel ? ay : 0, hasAccel ? az : 0,
                sampleMag ? m.magX : heldMx, sampleMag ? m.magY : heldMy, sampleMag ? m.magZ : heldMz, mag, dtAll);
        if (trace) tracer.mark(STEP_AHRS);
        meas[0] = gz;
        meas[1] = f.gyroNoiseRadPerS * f.gyroNoiseRadPerS / n;
        return fuse(EV_GYRO, t, STEP_UPDATE_IMU);
    }

    private boolean wheels(Wheels w, long t) {
        int ticksPerRev = w.ticksPerRevolution > 0 ? w.ticksPerRevolution : f.encoderTicksPerRev;
        if (!haveWheels || t <= lastWheelNanos || t - lastWheelNanos > 1_000_000_000L) {
            haveWheels = true;
            lastWheelNanos = t;
            lastLeftTicks = w.leftTicks;
            lastRightTicks = w.rightTicks;
            lastIllegal = w.illegalTransitions;
            stillSinceNanos = Long.MIN_VALUE;
            wheelsCheck.onSample(t, false, t);
            if (trace) tracer.mark(STEP_VALIDATE);
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
        boolean ok = wheelsCheck.onSample(t, error, t);
        if (trace) tracer.mark(STEP_VALIDATE);
        if (!ok) {
            return false;
        }
        double b = f.wheelBaseM;
        double v = (dl + dr) / (2 * dt);
        double omega = (dr - dl) / (b * dt);
        double q2 = metresPerTick * metresPerTick;
        double slip = f.odoSlipFraction * (Math.abs(dl) + Math.abs(dr)) / dt;
        double sv = f.odoSpeedSigmaMps;
        meas[0] = v;
        meas[1] = omega;
        meas[2] = q2 / (12 * dt * dt) + sv * sv + 0.25 * slip * slip;
        meas[3] = q2 / (3 * b * b * dt * dt) + 4 * sv * sv / (b * b) + slip * slip / (b * b);
        boolean standstill = stillSinceNanos != Long.MIN_VALUE && t - stillSinceNanos >= f.standstillAfterNanos;
        meas[4] = f.zeroRateUpdates && standstill ? 1 : 0;
        return fuse(EV_ODO, t, STEP_UPDATE_WHEELS);
    }

    private boolean gps(GpsFix g, long t) {
        boolean error = !g.has(GpsFix.POSITION)
                || g.has(GpsFix.QUALITY) && g.fixQuality == GpsFix.QUALITY_INVALID
                || !(Math.abs(g.latitudeDeg) <= 90 && Math.abs(g.longitudeDeg) <= 180);
        long fp = mix(Double.doubleToRawLongBits(g.latitudeDeg), g.longitudeDeg);
        boolean ok = gpsCheck.onSample(t, error, fp);
        if (trace) tracer.mark(STEP_VALIDATE);
        if (!ok) {
            return false;
        }
        if (!frame.isSet()) {
            frame.setOrigin(g.latitudeDeg, g.longitudeDeg);
        }
        // A receiver reports one fix in several sentences (GGA and RMC both carry the position): fusing each
        // would count the same measurement twice and make the filter trust the GPS more than it should.
        boolean repeat = g.has(GpsFix.TIME) && g.utcMillisOfDay == lastPositionUtcMillis;
        if (repeat) {
            gpsRepeats++;
            meas[0] = Double.NaN;
        } else {
            lastPositionUtcMillis = g.has(GpsFix.TIME) ? g.utcMillisOfDay : -1;
            meas[0] = frame.east(g.longitudeDeg);
        }
        meas[1] = frame.north(g.latitudeDeg);
        meas[2] = f.gpsSigmaM * f.gpsSigmaM;
        meas[3] = Double.NaN;
        if (f.useGpsCourse && g.has(GpsFix.VELOCITY) && g.speedMps >= f.gpsCourseMinSpeedMps
                && g.courseDeg >= 0 && g.courseDeg <= 360 // NaN when the receiver left it empty
                && !(g.has(GpsFix.TIME) && g.utcMillisOfDay == lastCourseUtcMillis)) {
            lastCourseUtcMillis = g.has(GpsFix.TIME) ? g.utcMillisOfDay : -1;
            // course: clockwise from north, of the velocity; heading: counter-clockwise from east
            meas[3] = PoseEkf.wrap(Math.PI / 2 - Math.toRadians(g.courseDeg));
            double sigmaRad = f.gpsVelocitySigmaMps / g.speedMps;
            meas[4] = sigmaRad * sigmaRad;
        }
        if (repeat && Double.isNaN(meas[3])) {
            return true; // validated; nothing new to fuse
        }
        return fuse(EV_GPS, t, STEP_UPDATE_GPS);
    }

    /** Fuses the measurement in {@link #meas} at its time of validity: now, or by rewinding and re-propagating. */
    private boolean fuse(int type, long t, int updateStep) {
        if (!ekf.started) {
            ekf.reset(f.initialHeadingRad, f.initialHeadingSigmaRad, f.gyroBiasInitRadPerS, t);
        }
        if (t >= ekf.timeNanos) {
            ekf.predictTo(t);
            if (trace) tracer.mark(STEP_PREDICT);
            boolean used = apply(type, t, meas, 0);
            int i = history.insert(history.size, t, type, meas);
            if (i >= 0) history.savePost(i, ekf);
            if (trace) tracer.mark(updateStep);
            return used;
        }
        if (overBudget && f.overrun == OverrunPolicy.SKIP) {
            lateDropped++;
            return false;
        }
        int k = history.firstAfter(t);
        if (k == 0) {
            tooLate++;
            return false;
        }
        history.restorePost(k - 1, ekf);
        ekf.predictTo(t);
        boolean used = apply(type, t, meas, 0);
        int i = history.insert(k, t, type, meas);
        history.savePost(i, ekf);
        long replayed = 0;
        for (int j = i + 1; j < history.size; j++) {
            ekf.predictTo(history.time[j]);
            apply(history.type[j], history.time[j], history.meas, j * MeasurementHistory.Z);
            history.savePost(j, ekf);
            replayed++;
        }
        replayedEvents += replayed;
        lateFused++;
        if (trace) tracer.mark(STEP_REPLAY);
        return used;
    }

    /** Applies measurement {@code m[off..off+Z)} of {@code type} to the filter, already at its time {@code t}. */
    private boolean apply(int type, long t, double[] m, int off) {
        switch (type) {
            case EV_GYRO -> {
                ekf.updateGyro(m[off], m[off + 1]);
                imuFused++;
                return true;
            }
            case EV_ODO -> {
                ekf.update(PoseEkf.V, m[off], m[off + 2]);
                if (m[off + 4] == 0 || !applyZeroRate()) {
                    ekf.updateOdometryTurnRate(m[off + 1], m[off + 3]);
                }
                wheelsFused++;
                return true;
            }
            case EV_GPS -> {
                boolean course = applyCourse(t, m[off + 3], m[off + 4]);
                boolean position = !Double.isNaN(m[off]) && applyPosition(t, m[off], m[off + 1], m[off + 2]);
                return position || course;
            }
            default -> {
                return false;
            }
        }
    }

    /** A GPS position, gated; a fix rejected for longer than {@code gps_reset_after} resets the position. */
    private boolean applyPosition(long t, double z0, double z1, double r0) {
        double nis = ekf.positionNis(z0, z1, r0);
        if (nis > f.gpsGateChi2) {
            if (gpsRejectSinceNanos == Long.MIN_VALUE) {
                gpsRejectSinceNanos = t;
            }
            if (t - gpsRejectSinceNanos < f.gpsResetAfterNanos) {
                gpsRejected++;
                return false;
            }
            ekf.forget(PoseEkf.X, 1e4);
            ekf.forget(PoseEkf.Y, 1e4);
            gpsResets++;
        }
        gpsRejectSinceNanos = Long.MIN_VALUE;
        ekf.update(PoseEkf.X, z0, r0);
        ekf.update(PoseEkf.Y, z1, r0);
        if (!gpsFused || t > lastGpsFusedNanos) {
            lastGpsFusedNanos = t;
        }
        gpsFused = true;
        gpsFused_++;
        return true;
    }

    /**
     * At a standstill the turn rate is zero, known far better than the odometry's quantised turn rate
     * says: this is what pins the gyro bias down at every stop. Gated, so that the first milliseconds of
     * a turn in place, before the wheels have moved by a tick but which the gyro already sees, are not
     * taken for bias. Returns whether it was applied.
     */
    private boolean applyZeroRate() {
        if (ekf.updateGated(PoseEkf.W, 0, f.zeroRateVariance, ZERO_RATE_GATE_CHI2) > ZERO_RATE_GATE_CHI2) {
            zeroRateRejected++;
            return false;
        }
        zeroRateFused++;
        return true;
    }

    /**
     * The course over ground as a heading measurement (NaN: none). Wheels do not slip sideways, so the
     * velocity points along the heading, or against it when the filter says the robot is reversing.
     * Gated; when every course has been rejected for {@code gps_reset_after} (a wrong initial heading),
     * the heading is forgotten and taken from the course.
     */
    private boolean applyCourse(long t, double courseHeadingRad, double r) {
        if (Double.isNaN(courseHeadingRad)) {
            return false;
        }
        double z = ekf.s[PoseEkf.V] < 0 ? courseHeadingRad + Math.PI : courseHeadingRad;
        if (ekf.updateGated(PoseEkf.TH, z, r, f.gpsGateChi2) <= f.gpsGateChi2) {
            courseRejectSinceNanos = Long.MIN_VALUE;
            courseFused++;
            return true;
        }
        if (courseRejectSinceNanos == Long.MIN_VALUE) {
            courseRejectSinceNanos = t;
        }
        if (t - courseRejectSinceNanos < f.gpsResetAfterNanos) {
            courseRejected++;
            return false;
        }
        ekf.forget(PoseEkf.TH, HEADING_UNKNOWN_RAD2);
        ekf.update(PoseEkf.TH, z, r);
        courseRejectSinceNanos = Long.MIN_VALUE;
        headingResets++;
        courseFused++;
        return true;
    }

    private void publish() {
        FusedState o = state;
        double[] s = ekf.s;
        double[] p = ekf.p;
        o.timeNanos = ekf.timeNanos;
        o.xM = s[PoseEkf.X];
        o.yM = s[PoseEkf.Y];
        o.latitudeDeg = frame.latitudeDeg(o.yM);
        o.longitudeDeg = frame.longitudeDeg(o.xM);
        o.headingRad = s[PoseEkf.TH];
        o.speedMps = s[PoseEkf.V];
        o.turnRateRadPerS = s[PoseEkf.W];
        o.velocityEastMps = o.speedMps * Math.cos(o.headingRad);
        o.velocityNorthMps = o.speedMps * Math.sin(o.headingRad);
        o.rollRad = ahrs.rollRad();
        o.pitchRad = ahrs.pitchRad();
        o.yawRad = magUsed ? PoseEkf.wrap(ahrs.yawRad() + Math.PI / 2) : ahrs.yawRad();
        o.gyroBiasRadPerS = s[PoseEkf.B];
        o.gyroScaleError = s[PoseEkf.G];
        o.wheelTurnRadPerM = s[PoseEkf.D];
        double a = p[0], b = p[1], c = p[PoseEkf.N + 1];
        double half = 0.5 * (a - c);
        o.positionSigmaM = Math.sqrt(Math.max(0, 0.5 * (a + c) + Math.sqrt(half * half + b * b)));
        o.headingSigmaRad = Math.sqrt(Math.max(0, p[PoseEkf.TH * PoseEkf.N + PoseEkf.TH]));
        o.flags = flags(ekf.timeNanos);
        o.publishedNanos = clock.nanoTime();
        output.publish(o);
        o.sequence = output.published() - 1;
    }

    private int flags(long nowNanos) {
        int fl = imuCheck.flags() << FusionFlags.IMU | wheelsCheck.flags() << FusionFlags.WHEELS
                | gpsCheck.flags() << FusionFlags.GPS;
        if (gpsRejectSinceNanos != Long.MIN_VALUE) fl |= FusionFlags.GPS_REJECTING;
        if (!gpsFused || nowNanos - lastGpsFusedNanos > f.gpsTimeoutNanos) fl |= FusionFlags.DEAD_RECKONING;
        if (overBudget) fl |= FusionFlags.OVERRUN;
        if (gpsFused) fl |= FusionFlags.POSITION_ABSOLUTE;
        if (estopActive) fl |= FusionFlags.EMERGENCY_STOP;
        return fl;
    }

    private void recordEndToEnd(long nowNanos) {
        for (int i = 0; i < appliedCount; i++) {
            long d = nowNanos - appliedAcquired[i];
            switch (appliedKind[i]) {
                case 0 -> e2eImu.record(d);
                case 1 -> e2eWheels.record(d);
                default -> e2eGps.record(d);
            }
        }
    }

    private static long mix(long h, double v) {
        return h * 0x9E3779B97F4A7C15L + Double.doubleToRawLongBits(v);
    }

    @Override
    public void reset() {
        ekf.started = false;
        ahrs.reset();
        history.clear();
        reorder.clear();
        imuCheck.reset();
        wheelsCheck.reset();
        gpsCheck.reset();
        if (!f.originConfigured) frame.clear();
        newestNanos = Long.MIN_VALUE;
        lastImuNanos = Long.MIN_VALUE;
        heldAccelNanos = heldMagNanos = Long.MIN_VALUE;
        haveWheels = false;
        stillSinceNanos = Long.MIN_VALUE;
        gpsFused = false;
        lastCourseUtcMillis = -1;
        lastPositionUtcMillis = -1;
        gpsRejectSinceNanos = Long.MIN_VALUE;
        courseRejectSinceNanos = Long.MIN_VALUE;
        decimated = 0;
        sumGx = sumGy = sumGz = sumDt = 0;
        overBudget = false;
    }

    /**
     * End-to-end latency from a sample's acquisition to the publication of the first fused state that
     * used it, per source kind, measured here because with a reorder window the output that uses a
     * sample is produced in a later call than the sample's own (the stage's own e2e then only sees
     * samples applied in their own call). Single writer: the stage thread; reporter samples it.
     */
    public LatencyRecorder endToEnd(SampleKind kind) {
        return switch (kind) {
            case IMU -> e2eImu;
            case WHEELS -> e2eWheels;
            case GPS -> e2eGps;
            default -> throw new IllegalArgumentException("fusion does not use " + kind);
        };
    }

    /** Counters for the report (racy reads). */
    public long imuFused() { return imuFused; }
    public long wheelsFused() { return wheelsFused; }
    public long gpsFused() { return gpsFused_; }
    public long gpsRejected() { return gpsRejected; }
    public long gpsResets() { return gpsResets; }
    /** GPS courses over ground fused as heading, and rejected by the gate. */
    public long courseFused() { return courseFused; }
    public long courseRejected() { return courseRejected; }
    /** Times the heading was reset to the course after courses had been rejected for {@code gps_reset_after}. */
    public long headingResets() { return headingResets; }
    /** Zero-rate updates at a standstill, and those rejected by the gate (the gyro saw a turn). */
    public long zeroRateFused() { return zeroRateFused; }
    public long zeroRateRejected() { return zeroRateRejected; }
    /** Measurements fused at their time of validity by rewinding the filter. */
    public long lateFused() { return lateFused; }
    /** Measurements older than the filter's whole history: dropped. */
    public long tooLate() { return tooLate; }
    /** Late measurements dropped by the {@code skip} overrun policy. */
    public long lateDropped() { return lateDropped; }
    public long replayedEvents() { return replayedEvents; }
    /** IMU samples not fused (skip) or folded into the next one (degrade) under the overrun policy. */
    public long imuSkipped() { return imuSkipped; }
    /** Times the processor went over budget (entered the overrun policy). */
    public long overrunEntries() { return overrunEntries; }
    /** Times each source went from used to failed. */
    public long imuFailures() { return imuCheck.failures(); }
    public long wheelsFailures() { return wheelsCheck.failures(); }
    public long gpsFailures() { return gpsCheck.failures(); }

    @Override
    public String overrunDetail(long nowNanos) {
        return tracer.warningIfDue(nowNanos);
    }

    @Override
    public java.util.Map<String, Long> counters() {
        java.util.Map<String, Long> m = new java.util.LinkedHashMap<>();
        m.put("imu_fused", imuFused);
        m.put("wheels_fused", wheelsFused);
        m.put("gps_fused", gpsFused_);
        m.put("gps_repeats", gpsRepeats);
        m.put("gps_rejected", gpsRejected);
        m.put("gps_resets", gpsResets);
        m.put("course_fused", courseFused);
        m.put("course_rejected", courseRejected);
        m.put("heading_resets", headingResets);
        m.put("zero_rate_fused", zeroRateFused);
        m.put("zero_rate_rejected", zeroRateRejected);
        m.put("late_fused", lateFused);
        m.put("too_late", tooLate);
        m.put("late_dropped", lateDropped);
        m.put("replayed_events", replayedEvents);
        m.put("imu_skipped", imuSkipped);
        m.put("overrun_entries", overrunEntries);
        m.put("imu_failures", imuCheck.failures());
        m.put("wheels_failures", wheelsCheck.failures());
        m.put("gps_failures", gpsCheck.failures());
        m.put("estop_activations", estopActivations);
        m.put("estop_active_at_end", estopActive ? 1L : 0L);
        m.put("outputs_published", output.published());
        m.put("outputs_dropped", output.dropped());
        return m;
    }

    @Override
    public void appendStatus(StringBuilder sb) {
        FusedState o = state;
        Decimal.append(sb.append("x="), o.xM, 1);
        Decimal.append(sb.append(" y="), o.yM, 1);
        Decimal.append(sb.append(" m hdg="), Math.toDegrees(o.headingRad), 0);
        Decimal.append(sb.append("° v="), o.speedMps, 2);
        Decimal.append(sb.append(" m/s σ="), o.positionSigmaM, 1);
        FusionFlags.appendTo(sb.append(" m "), currentFlags);
    }
}
