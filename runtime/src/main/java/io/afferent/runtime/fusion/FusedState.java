package io.afferent.runtime.fusion;

/**
 * One fused output: pose, velocity, attitude, uncertainty and per-source validity at a time of
 * validity. A preallocated ring entry of {@link FusedStateRing}, filled in place by the stage thread
 * and read by sinks after publication. Frame: x east, y north (metres from the origin), angles in
 * radians, heading and yaw counter-clockwise from east.
 */
public final class FusedState {
    /** Publication sequence (0, 1, 2...). */
    public long sequence;
    /** Time of validity of the estimate (clock nanos, the acquisition timeline of the samples). */
    public long timeNanos;
    /** When the stage published it (clock nanos). */
    public long publishedNanos;
    public double xM;
    public double yM;
    /** Latitude/longitude of (x, y); NaN until the local frame has an origin. */
    public double latitudeDeg;
    public double longitudeDeg;
    public double headingRad;
    public double speedMps;
    public double turnRateRadPerS;
    public double velocityEastMps;
    public double velocityNorthMps;
    /** Attitude from the AHRS; yaw is magnetic (CCW from east) when a magnetometer is fused, else relative to the start. */
    public double rollRad;
    public double pitchRad;
    public double yawRad;
    public double gyroBiasRadPerS;
    /** Estimated gyro scale-factor error: the gyro reads (1 + this) times the true yaw rate, plus its bias. */
    public double gyroScaleError;
    /**
     * Estimated turn the wheel odometry sees per metre driven straight (right minus left effective wheel
     * radius, relative, over the wheel base).
     */
    public double wheelTurnRadPerM;
    /** Square root of the larger eigenvalue of the position covariance. */
    public double positionSigmaM;
    public double headingSigmaRad;
    /** {@link FusionFlags} bits. */
    public int flags;

    public void copyFrom(FusedState o) {
        sequence = o.sequence;
        timeNanos = o.timeNanos;
        publishedNanos = o.publishedNanos;
        xM = o.xM;
        yM = o.yM;
        latitudeDeg = o.latitudeDeg;
        longitudeDeg = o.longitudeDeg;
        headingRad = o.headingRad;
        speedMps = o.speedMps;
        turnRateRadPerS = o.turnRateRadPerS;
        velocityEastMps = o.velocityEastMps;
        velocityNorthMps = o.velocityNorthMps;
        rollRad = o.rollRad;
        pitchRad = o.pitchRad;
        yawRad = o.yawRad;
        gyroBiasRadPerS = o.gyroBiasRadPerS;
        gyroScaleError = o.gyroScaleError;
        wheelTurnRadPerM = o.wheelTurnRadPerM;
        positionSigmaM = o.positionSigmaM;
        headingSigmaRad = o.headingSigmaRad;
        flags = o.flags;
    }
}
