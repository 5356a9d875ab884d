package io.afferent.fusion;

import io.afferent.api.Counter;
import io.afferent.api.msg.Imu;

/**
 * The IMU input: validates each sample, runs the Mahony AHRS at the IMU rate and fuses the gyro's yaw rate.
 * Under the {@code degrade} overrun policy the AHRS and the gyro update run on every Nth sample only, with the
 * rates averaged over the N; under {@code skip} samples are not fused at all. A sensor that sends its
 * quantities in separate frames has its acceleration and field held for the next gyro sample.
 *
 * <p>Single thread: the stage thread.
 */
final class ImuInput {
    private static final double MAX_GYRO_RAD_S = 40;
    private static final double MAX_ACCEL_MPS2 = 20 * 9.81;
    /** How long an accelerometer or magnetometer reading that came in its own frame stays usable. */
    private static final long PARTIAL_MAX_AGE_NANOS = 50_000_000L;

    private final FusionParams f;
    private final MahonyAhrs ahrs;
    private final SourceValidator check;
    private final MeasurementFuser fuser;
    private final OverrunGuard overrun;
    private final StepTracer tracer;
    private final boolean trace;
    private final Counter skipped;

    private long lastImuNanos = Long.MIN_VALUE;
    private int decimated;
    private double sumGx, sumGy, sumGz, sumDt;
    private boolean magUsed;
    private double heldAx, heldAy, heldAz, heldMx, heldMy, heldMz;
    private long heldAccelNanos = Long.MIN_VALUE;
    private long heldMagNanos = Long.MIN_VALUE;

    ImuInput(FusionParams f, MahonyAhrs ahrs, SourceValidator check, MeasurementFuser fuser, OverrunGuard overrun,
             StepTracer tracer, Counter skipped) {
        this.f = f;
        this.ahrs = ahrs;
        this.check = check;
        this.fuser = fuser;
        this.overrun = overrun;
        this.tracer = tracer;
        this.trace = f.traceSteps;
        this.skipped = skipped;
    }

    /** Validates and fuses one sample valid at {@code t}; returns whether something was fused. */
    boolean handle(Imu m, long t) {
        if ((m.validMask & Imu.GYRO) == 0) {
            return partial(m, t);
        }
        boolean error = !(Math.abs(m.gyroX) < MAX_GYRO_RAD_S && Math.abs(m.gyroY) < MAX_GYRO_RAD_S && Math.abs(m.gyroZ) < MAX_GYRO_RAD_S)
                || (m.validMask & Imu.ACCEL) != 0
                && !(Math.abs(m.accelX) < MAX_ACCEL_MPS2 && Math.abs(m.accelY) < MAX_ACCEL_MPS2 && Math.abs(m.accelZ) < MAX_ACCEL_MPS2);
        long fp = mix(mix(mix(Double.doubleToRawLongBits(m.gyroX), m.gyroY), m.gyroZ), m.accelX + m.accelY + m.accelZ);
        boolean ok = check.onSample(t, error, fp);
        if (trace) tracer.mark(FusionSteps.VALIDATE);
        if (!ok) {
            return false;
        }
        boolean degrading = overrun.degrading();
        if (degrading && f.overrun == OverrunPolicy.SKIP) {
            skipped.increment();
            lastImuNanos = Long.MIN_VALUE;
            return false;
        }
        boolean sampleAccel = (m.validMask & Imu.ACCEL) != 0;
        boolean hasAccel = sampleAccel || t - heldAccelNanos <= PARTIAL_MAX_AGE_NANOS && heldAccelNanos != Long.MIN_VALUE;
        double ax = sampleAccel ? m.accelX : heldAx;
        double ay = sampleAccel ? m.accelY : heldAy;
        double az = sampleAccel ? m.accelZ : heldAz;
        double[] meas = fuser.meas;
        if (lastImuNanos == Long.MIN_VALUE || t <= lastImuNanos || t - lastImuNanos > 500_000_000L) {
            if (!ahrs.aligned() && hasAccel) {
                ahrs.alignFromAccel(ax, ay, az);
            }
            lastImuNanos = t;
            decimated = 0;
            sumGx = sumGy = sumGz = sumDt = 0;
            meas[0] = m.gyroZ;
            meas[1] = f.gyroNoiseRadPerS * f.gyroNoiseRadPerS;
            return fuser.fuse(MeasurementFuser.EV_GYRO, t, FusionSteps.UPDATE_IMU);
        }
        double dt = (t - lastImuNanos) * 1e-9;
        lastImuNanos = t;
        sumGx += m.gyroX * dt;
        sumGy += m.gyroY * dt;
        sumGz += m.gyroZ * dt;
        sumDt += dt;
        decimated++;
        if (degrading && decimated < f.degradeEvery) {
            skipped.increment();
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
        if (trace) tracer.mark(FusionSteps.AHRS);
        meas[0] = gz;
        meas[1] = f.gyroNoiseRadPerS * f.gyroNoiseRadPerS / n;
        return fuser.fuse(MeasurementFuser.EV_GYRO, t, FusionSteps.UPDATE_IMU);
    }

    /**
     * A sensor that sends its quantities in separate frames (WitMotion: 0x51 acceleration, 0x52 rate,
     * 0x54 field) publishes IMU samples without a gyro part: their acceleration and field are kept and
     * used with the next gyro sample, if recent. Such a sample produces no output.
     */
    private boolean partial(Imu m, long t) {
        if ((m.validMask & Imu.ACCEL) != 0) {
            if (Math.abs(m.accelX) < MAX_ACCEL_MPS2 && Math.abs(m.accelY) < MAX_ACCEL_MPS2
                    && Math.abs(m.accelZ) < MAX_ACCEL_MPS2) {
                heldAx = m.accelX;
                heldAy = m.accelY;
                heldAz = m.accelZ;
                heldAccelNanos = t;
            } else {
                check.onSample(t, true, t);
            }
        }
        if ((m.validMask & Imu.MAG) != 0) {
            heldMx = m.magX;
            heldMy = m.magY;
            heldMz = m.magZ;
            heldMagNanos = t;
        }
        if (trace) tracer.mark(FusionSteps.VALIDATE);
        return false;
    }

    /** Whether the last AHRS update used the magnetometer (its yaw is then magnetic). */
    boolean magUsed() {
        return magUsed;
    }

    void reset() {
        lastImuNanos = Long.MIN_VALUE;
        heldAccelNanos = heldMagNanos = Long.MIN_VALUE;
        decimated = 0;
        sumGx = sumGy = sumGz = sumDt = 0;
    }

    static long mix(long h, double v) {
        return h * 0x9E3779B97F4A7C15L + Double.doubleToRawLongBits(v);
    }
}
