package io.afferent.runtime.fusion;

import io.afferent.runtime.sample.GpsFix;
import io.afferent.runtime.sample.Imu;
import io.afferent.runtime.sample.Sample;
import io.afferent.runtime.sample.Wheels;
import io.afferent.runtime.stage.StageProcessor;

/**
 * A first estimator: attitude from a complementary filter (gyro integrated, roll and pitch pulled
 * toward the accelerometer's gravity direction), yaw from the integrated gyro, position by dead
 * reckoning from wheel odometry along that heading, pulled toward GPS fixes converted to a local
 * east-north frame around the first fix. Frame: x east, y north, heading counter-clockwise from east.
 * Every sample updates the pose, so every sample counts as producing an output.
 *
 * <p>Single thread: the stage thread. The pose fields are read racily by the reporter for display.
 */
public final class SimpleFusion implements StageProcessor {
    private static final double EARTH_RADIUS_M = 6_371_008.8;
    private static final double ACCEL_WEIGHT = 0.02;

    private final double wheelRadiusM;
    private final double gpsGain;

    private long lastImuNanos = Long.MIN_VALUE;
    private boolean haveWheels;
    private long lastLeftTicks;
    private long lastRightTicks;
    private boolean haveOrigin;
    private double originLatRad;
    private double originLonRad;

    private double rollRad;
    private double pitchRad;
    private double headingRad;
    private double xM;
    private double yM;
    private double speedMps;
    private long imuUpdates;
    private long wheelUpdates;
    private long gpsUpdates;

    /**
     * @param wheelRadiusM  wheel radius, to turn encoder ticks into distance
     * @param gpsGain       fraction of the distance to a GPS fix applied per fix (0..1)
     */
    public SimpleFusion(double wheelRadiusM, double gpsGain) {
        this.wheelRadiusM = wheelRadiusM;
        this.gpsGain = gpsGain;
    }

    @Override
    public boolean onSample(Sample s) {
        switch (s.kind) {
            case IMU -> imu(s.imu, s.acquiredNanos);
            case WHEELS -> wheels(s.wheels, s.acquiredNanos);
            case GPS -> gps(s.gps);
            default -> {
                return false;
            }
        }
        return true;
    }

    private void imu(Imu m, long t) {
        if ((m.validMask & Imu.GYRO) == 0) {
            return;
        }
        if (lastImuNanos != Long.MIN_VALUE) {
            double dt = (t - lastImuNanos) * 1e-9;
            if (dt > 0 && dt < 0.5) {
                rollRad += m.gyroX * dt;
                pitchRad += m.gyroY * dt;
                headingRad = wrap(headingRad + m.gyroZ * dt);
            }
        }
        lastImuNanos = t;
        if ((m.validMask & Imu.ACCEL) != 0) {
            double accRoll = Math.atan2(m.accelY, m.accelZ);
            double accPitch = Math.atan2(-m.accelX, Math.sqrt(m.accelY * m.accelY + m.accelZ * m.accelZ));
            rollRad += ACCEL_WEIGHT * (accRoll - rollRad);
            pitchRad += ACCEL_WEIGHT * (accPitch - pitchRad);
        }
        imuUpdates++;
    }

    private void wheels(Wheels w, long t) {
        if (w.ticksPerRevolution <= 0) {
            return;
        }
        if (haveWheels) {
            double metresPerTick = 2 * Math.PI * wheelRadiusM / w.ticksPerRevolution;
            double dl = (w.leftTicks - lastLeftTicks) * metresPerTick;
            double dr = (w.rightTicks - lastRightTicks) * metresPerTick;
            double d = 0.5 * (dl + dr);
            xM += d * Math.cos(headingRad);
            yM += d * Math.sin(headingRad);
            speedMps = 0.9 * speedMps + 0.1 * (d * 200); // smoothed, nominal 200 Hz odometry
        }
        haveWheels = true;
        lastLeftTicks = w.leftTicks;
        lastRightTicks = w.rightTicks;
        wheelUpdates++;
    }

    private void gps(GpsFix g) {
        if (!g.has(GpsFix.POSITION) || g.fixQuality == GpsFix.QUALITY_INVALID && g.has(GpsFix.QUALITY)) {
            return;
        }
        double lat = Math.toRadians(g.latitudeDeg);
        double lon = Math.toRadians(g.longitudeDeg);
        if (!haveOrigin) {
            originLatRad = lat;
            originLonRad = lon;
            haveOrigin = true;
        }
        double east = (lon - originLonRad) * Math.cos(originLatRad) * EARTH_RADIUS_M;
        double north = (lat - originLatRad) * EARTH_RADIUS_M;
        xM += gpsGain * (east - xM);
        yM += gpsGain * (north - yM);
        gpsUpdates++;
    }

    @Override
    public void reset() {
        lastImuNanos = Long.MIN_VALUE;
        haveWheels = false;
    }

    private static double wrap(double a) {
        while (a > Math.PI) a -= 2 * Math.PI;
        while (a < -Math.PI) a += 2 * Math.PI;
        return a;
    }

    public double xM() { return xM; }
    public double yM() { return yM; }
    public double headingRad() { return headingRad; }
    public double rollRad() { return rollRad; }
    public double pitchRad() { return pitchRad; }
    public double speedMps() { return speedMps; }
    public long imuUpdates() { return imuUpdates; }
    public long wheelUpdates() { return wheelUpdates; }
    public long gpsUpdates() { return gpsUpdates; }

    @Override
    public String statusLine() {
        return String.format("pose x=%.1f y=%.1f m hdg=%.0f°", xM, yM, Math.toDegrees(headingRad));
    }
}
