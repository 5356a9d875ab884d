package io.afferent.fusion;

import io.afferent.api.PortableMath;

/**
 * Mahony's nonlinear complementary filter on SO(3): the gyro is integrated as a quaternion, corrected
 * by a proportional-integral feedback on the error between the measured and the predicted gravity
 * (and, when given, horizontal magnetic field) directions. The integral term is the gyro bias
 * estimate. Earth frame: z up, x along magnetic north (y west); the body frame is x forward, y left,
 * z up, so a level sensor reads +g on z.
 *
 * <p>Single thread: the stage thread.
 */
final class MahonyAhrs {
    private final double kp;
    private final double ki;
    private double q0 = 1, q1, q2, q3;
    /** Integral feedback: minus the estimated gyro bias, rad/s. */
    private double ix, iy, iz;
    private boolean aligned;

    MahonyAhrs(double kp, double ki) {
        this.kp = kp;
        this.ki = ki;
    }

    void reset() {
        q0 = 1;
        q1 = q2 = q3 = 0;
        ix = iy = iz = 0;
        aligned = false;
    }

    boolean aligned() {
        return aligned;
    }

    /** Sets roll and pitch from the accelerometer at once (no slow convergence at start). */
    void alignFromAccel(double ax, double ay, double az) {
        double roll = Math.atan2(ay, az);
        double pitch = Math.atan2(-ax, Math.sqrt(ay * ay + az * az));
        double cr = PortableMath.cos(roll / 2), sr = PortableMath.sin(roll / 2);
        double cp = PortableMath.cos(pitch / 2), sp = PortableMath.sin(pitch / 2);
        q0 = cr * cp;
        q1 = sr * cp;
        q2 = cr * sp;
        q3 = -sr * sp;
        aligned = true;
    }

    /**
     * One step. Accelerometer and magnetometer in any unit (only directions are used); pass
     * {@code useMag = false} when no (valid) magnetometer reading is at hand.
     */
    void update(double gx, double gy, double gz, double ax, double ay, double az,
                double mx, double my, double mz, boolean useMag, double dt) {
        double an = Math.sqrt(ax * ax + ay * ay + az * az);
        if (an > 0) {
            ax /= an;
            ay /= an;
            az /= an;
            // predicted gravity direction (earth z in body frame)
            double vx = 2 * (q1 * q3 - q0 * q2);
            double vy = 2 * (q0 * q1 + q2 * q3);
            double vz = q0 * q0 - q1 * q1 - q2 * q2 + q3 * q3;
            double ex = ay * vz - az * vy;
            double ey = az * vx - ax * vz;
            double ez = ax * vy - ay * vx;
            double mn = useMag ? Math.sqrt(mx * mx + my * my + mz * mz) : 0;
            if (mn > 0) {
                mx /= mn;
                my /= mn;
                mz /= mn;
                // field in the earth frame, then its reference direction (bx, 0, bz)
                double hx = 2 * (mx * (0.5 - q2 * q2 - q3 * q3) + my * (q1 * q2 - q0 * q3) + mz * (q1 * q3 + q0 * q2));
                double hy = 2 * (mx * (q1 * q2 + q0 * q3) + my * (0.5 - q1 * q1 - q3 * q3) + mz * (q2 * q3 - q0 * q1));
                double bx = Math.sqrt(hx * hx + hy * hy);
                double bz = 2 * (mx * (q1 * q3 - q0 * q2) + my * (q2 * q3 + q0 * q1) + mz * (0.5 - q1 * q1 - q2 * q2));
                double wx = 2 * (bx * (0.5 - q2 * q2 - q3 * q3) + bz * (q1 * q3 - q0 * q2));
                double wy = 2 * (bx * (q1 * q2 - q0 * q3) + bz * (q0 * q1 + q2 * q3));
                double wz = 2 * (bx * (q0 * q2 + q1 * q3) + bz * (0.5 - q1 * q1 - q2 * q2));
                ex += my * wz - mz * wy;
                ey += mz * wx - mx * wz;
                ez += mx * wy - my * wx;
            }
            if (ki > 0) {
                ix += ki * ex * dt;
                iy += ki * ey * dt;
                iz += ki * ez * dt;
            }
            gx += kp * ex + ix;
            gy += kp * ey + iy;
            gz += kp * ez + iz;
        }
        double hdt = 0.5 * dt;
        double a = q0, b = q1, c = q2;
        q0 += (-b * gx - c * gy - q3 * gz) * hdt;
        q1 += (a * gx + c * gz - q3 * gy) * hdt;
        q2 += (a * gy - b * gz + q3 * gx) * hdt;
        q3 += (a * gz + b * gy - c * gx) * hdt;
        double n = 1.0 / Math.sqrt(q0 * q0 + q1 * q1 + q2 * q2 + q3 * q3);
        q0 *= n;
        q1 *= n;
        q2 *= n;
        q3 *= n;
    }

    double rollRad() {
        return Math.atan2(2 * (q0 * q1 + q2 * q3), 1 - 2 * (q1 * q1 + q2 * q2));
    }

    double pitchRad() {
        double t = 2 * (q0 * q2 - q3 * q1);
        return Math.asin(Math.max(-1, Math.min(1, t)));
    }

    /** Yaw counter-clockwise from the earth x axis (magnetic north when the magnetometer is used). */
    double yawRad() {
        return Math.atan2(2 * (q0 * q3 + q1 * q2), 1 - 2 * (q2 * q2 + q3 * q3));
    }

    double gyroBiasZRadPerS() {
        return -iz;
    }
}
