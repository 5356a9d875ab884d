package io.afferent.api.msg;

import io.afferent.api.MessageType;
import io.afferent.api.Unit;

/**
 * Inertial payload, SI units in the body frame (x forward, y left, z up). A driver that receives the
 * quantities in separate frames (WitMotion) sets only the bits of {@link #validMask} it filled.
  *
 * <p>Message type {@code imu}. ROS 2: sensor_msgs/msg/Imu: accel → linear_acceleration, gyro → angular_velocity, roll/pitch/yaw → orientation (as a quaternion) when ANGLE is set; the magnetometer maps to sensor_msgs/msg/MagneticField (tesla = µT × 1e-6); temperature to sensor_msgs/msg/Temperature.
 */
public final class Imu {
    public static final MessageType<Imu> TYPE = MessageType.of("imu", Imu.class);

    public static final int ACCEL = 1;
    public static final int GYRO = 1 << 1;
    public static final int MAG = 1 << 2;
    public static final int ANGLE = 1 << 3;
    public static final int TEMPERATURE = 1 << 4;

    public int validMask;
    @Unit("m/s^2") public double accelX, accelY, accelZ;      // m/s^2
    @Unit("rad/s") public double gyroX, gyroY, gyroZ;         // rad/s
    @Unit("uT") public double magX, magY, magZ;            // microtesla
    @Unit("rad") public double rollRad, pitchRad, yawRad;   // attitude reported by the sensor itself, if any
    @Unit("degC") public double temperatureC;

    public void clear() {
        validMask = 0;
        accelX = accelY = accelZ = 0;
        gyroX = gyroY = gyroZ = 0;
        magX = magY = magZ = 0;
        rollRad = pitchRad = yawRad = 0;
        temperatureC = 0;
    }

    public void copyFrom(Imu o) {
        validMask = o.validMask;
        accelX = o.accelX; accelY = o.accelY; accelZ = o.accelZ;
        gyroX = o.gyroX; gyroY = o.gyroY; gyroZ = o.gyroZ;
        magX = o.magX; magY = o.magY; magZ = o.magZ;
        rollRad = o.rollRad; pitchRad = o.pitchRad; yawRad = o.yawRad;
        temperatureC = o.temperatureC;
    }
}
