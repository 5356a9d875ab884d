package io.afferent.fusion;

/**
 * Fuses one measurement into the {@link PoseEkf} at its time of validity: now, when it is not older than the
 * filter, or by rewinding to the state just before it in the {@link MeasurementHistory}, applying it there and
 * applying everything after it again. Holds the gates of the GPS position, course and zero-rate updates and
 * the resets that follow a long run of rejections.
 *
 * <p>The per-input parts fill {@link #meas} (numbers whose meaning depends on the type, below) and call
 * {@link #fuse}. Single thread: the stage thread.
 */
final class MeasurementFuser {
    /**
     * Measurement types, and what their {@link MeasurementHistory#Z} numbers in {@link #meas} hold:
     * gyro {yaw rate, variance}; odometry {speed, turn rate, their variances, 1 at a standstill else 0};
     * GPS {east, north (east NaN: a repeated position), position variance per axis, heading from the course
     * over ground (NaN: none), its variance}.
     */
    static final int EV_GYRO = 1, EV_ODO = 2, EV_GPS = 3;
    /**
     * Gate of a zero-rate update (χ², one degree of freedom: 4σ): beyond it the gyro, with the bias
     * known, says the robot is turning although the wheels have not ticked yet.
     */
    private static final double ZERO_RATE_GATE_CHI2 = 16;
    /** Heading variance after a reset to the course: anything (π rad σ), so the next course sets it. */
    private static final double HEADING_UNKNOWN_RAD2 = Math.PI * Math.PI;

    /** The measurement being fused (see the EV_ types); copied into the history. */
    final double[] meas = new double[MeasurementHistory.Z];
    final PoseEkf ekf;
    private final FusionParams f;
    private final MeasurementHistory history;
    private final StepTracer tracer;
    private final boolean trace;
    private final OverrunGuard overrun;
    private final FusionCounters c;

    private boolean gpsFused;
    private long lastGpsFusedNanos;
    private long gpsRejectSinceNanos = Long.MIN_VALUE;
    private long courseRejectSinceNanos = Long.MIN_VALUE;

    MeasurementFuser(FusionParams f, StepTracer tracer, OverrunGuard overrun, FusionCounters counters) {
        this.f = f;
        this.ekf = new PoseEkf(f);
        this.history = new MeasurementHistory(f.historyCapacity);
        this.tracer = tracer;
        this.trace = f.traceSteps;
        this.overrun = overrun;
        this.c = counters;
    }

    /** Fuses the measurement in {@link #meas} at its time of validity: now, or by rewinding and re-propagating. */
    boolean fuse(int type, long t, int updateStep) {
        if (!ekf.started) {
            ekf.reset(f.initialHeadingRad, f.initialHeadingSigmaRad, f.gyroBiasInitRadPerS, t);
        }
        if (t >= ekf.timeNanos) {
            ekf.predictTo(t);
            if (trace) tracer.mark(FusionSteps.PREDICT);
            boolean used = apply(type, t, meas, 0);
            int i = history.insert(history.size, t, type, meas);
            if (i >= 0) history.savePost(i, ekf);
            if (trace) tracer.mark(updateStep);
            return used;
        }
        if (overrun.skipping()) {
            c.lateDropped.increment();
            return false;
        }
        int k = history.firstAfter(t);
        if (k == 0) {
            c.tooLate.increment();
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
        c.replayedEvents.add(replayed);
        c.lateFused.increment();
        if (trace) tracer.mark(FusionSteps.REPLAY);
        return used;
    }

    /** Applies measurement {@code m[off..off+Z)} of {@code type} to the filter, already at its time {@code t}. */
    private boolean apply(int type, long t, double[] m, int off) {
        switch (type) {
            case EV_GYRO -> {
                ekf.updateGyro(m[off], m[off + 1]);
                c.imuFused.increment();
                return true;
            }
            case EV_ODO -> {
                ekf.update(PoseEkf.V, m[off], m[off + 2]);
                if (m[off + 4] == 0 || !applyZeroRate()) {
                    ekf.updateOdometryTurnRate(m[off + 1], m[off + 3]);
                }
                c.wheelsFused.increment();
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
                c.gpsRejected.increment();
                return false;
            }
            ekf.forget(PoseEkf.X, 1e4);
            ekf.forget(PoseEkf.Y, 1e4);
            c.gpsResets.increment();
        }
        gpsRejectSinceNanos = Long.MIN_VALUE;
        ekf.update(PoseEkf.X, z0, r0);
        ekf.update(PoseEkf.Y, z1, r0);
        if (!gpsFused || t > lastGpsFusedNanos) {
            lastGpsFusedNanos = t;
        }
        gpsFused = true;
        c.gpsFused.increment();
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
            c.zeroRateRejected.increment();
            return false;
        }
        c.zeroRateFused.increment();
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
            c.courseFused.increment();
            return true;
        }
        if (courseRejectSinceNanos == Long.MIN_VALUE) {
            courseRejectSinceNanos = t;
        }
        if (t - courseRejectSinceNanos < f.gpsResetAfterNanos) {
            c.courseRejected.increment();
            return false;
        }
        ekf.forget(PoseEkf.TH, HEADING_UNKNOWN_RAD2);
        ekf.update(PoseEkf.TH, z, r);
        courseRejectSinceNanos = Long.MIN_VALUE;
        c.headingResets.increment();
        c.courseFused.increment();
        return true;
    }

    /** Whether GPS positions are being rejected by the gate right now. */
    boolean gpsRejecting() {
        return gpsRejectSinceNanos != Long.MIN_VALUE;
    }

    /** Whether a GPS position has been fused since the start (or the last reset). */
    boolean positionAbsolute() {
        return gpsFused;
    }

    /** Whether no GPS position was fused within {@code gps_timeout} before {@code nowNanos}. */
    boolean deadReckoning(long nowNanos) {
        return !gpsFused || nowNanos - lastGpsFusedNanos > f.gpsTimeoutNanos;
    }

    void reset() {
        ekf.started = false;
        history.clear();
        gpsFused = false;
        gpsRejectSinceNanos = Long.MIN_VALUE;
        courseRejectSinceNanos = Long.MIN_VALUE;
    }

    /**
     * The time of the filter's last measurement before {@code t}, but not before {@code notBefore} (the start of a
     * gap in the inputs, for fusing a mean over it at its middle).
     */
    long lastMeasurementBefore(long t, long notBefore) {
        int k = history.firstAfter(t);
        return k > 0 ? Math.max(notBefore, history.time[k - 1]) : notBefore;
    }
}
