package io.afferent.api.msg;

import io.afferent.api.MessageType;
import io.afferent.api.Unit;

/**
 * A fused pose: position, velocity, attitude, uncertainty and per-input validity at a time of validity. Frame: x
 * east, y north (metres from the local origin), angles in radians, heading and yaw counter-clockwise from east.
 *
 * <p>Message type {@code pose}. ROS 2: geometry_msgs/msg/PoseWithCovarianceStamped (x, y; heading as a yaw
 * quaternion; covariance diagonal from the sigmas) together with nav_msgs/msg/Odometry's twist (speed, turn rate).
 */
public final class Pose {
    public static final MessageType<Pose> TYPE = MessageType.of("pose", Pose.class);

    /** Bits of {@link #flags}: four per input (shift by IMU, WHEELS or GPS), then estimator-wide bits. */
    public static final int IMU = 0, WHEELS = 4, GPS = 8;
    public static final int SEEN = 1, TIMEOUT = 2, STUCK = 4, ERRORS = 8;
    public static final int FAILED = TIMEOUT | STUCK | ERRORS;
    public static final int GPS_REJECTING = 1 << 12;
    public static final int DEAD_RECKONING = 1 << 13;
    public static final int OVERRUN = 1 << 14;
    public static final int POSITION_ABSOLUTE = 1 << 15;
    public static final int EMERGENCY_STOP = 1 << 16;

    /** Time of validity of the estimate (the run's clock, on the acquisition timeline of the inputs). */
    @Unit("ns") public long timeNanos;
    @Unit("m") public double xM;
    @Unit("m") public double yM;
    /** Latitude/longitude of (x, y); NaN until the local frame has an origin. */
    @Unit("deg") public double latitudeDeg = Double.NaN;
    @Unit("deg") public double longitudeDeg = Double.NaN;
    @Unit("rad") public double headingRad;
    @Unit("m/s") public double speedMps;
    @Unit("rad/s") public double turnRateRadPerS;
    @Unit("m/s") public double velocityEastMps;
    @Unit("m/s") public double velocityNorthMps;
    /** Attitude from the AHRS; yaw is magnetic (CCW from east) when a magnetometer is fused, else relative to the start. */
    @Unit("rad") public double rollRad;
    @Unit("rad") public double pitchRad;
    @Unit("rad") public double yawRad;
    @Unit("rad/s") public double gyroBiasRadPerS;
    /** Estimated gyro scale-factor error: the gyro reads (1 + this) times the true yaw rate, plus its bias. */
    public double gyroScaleError;
    /** Estimated turn the wheel odometry sees per metre driven straight. */
    @Unit("rad/m") public double wheelTurnRadPerM;
    /** Square root of the larger eigenvalue of the position covariance. */
    @Unit("m") public double positionSigmaM;
    @Unit("rad") public double headingSigmaRad;
    /** Validity bits (constants above). */
    public int flags;

    /** The four bits of one input ({@link #IMU}, {@link #WHEELS}, {@link #GPS}). */
    public static int source(int flags, int shift) {
        return (flags >>> shift) & 0xF;
    }

    /** Whether an input was seen and none of its failure bits is set. */
    public static boolean used(int flags, int shift) {
        int b = source(flags, shift);
        return (b & SEEN) != 0 && (b & FAILED) == 0;
    }
}
