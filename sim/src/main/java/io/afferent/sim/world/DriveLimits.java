package io.afferent.sim.world;

/**
 * A differential-drive robot's geometry and limits.
 *
 * @param wheelBaseM              distance between the wheels' contact points
 * @param wheelRadiusM            wheel radius
 * @param maxSpeedMps             fastest either wheel may roll
 * @param maxTurnRateRadS         fastest yaw rate
 * @param maxAccelMps2            linear acceleration of speed ramps
 * @param maxAngularAccelRadS2    angular acceleration of turns in place
 */
public record DriveLimits(double wheelBaseM, double wheelRadiusM, double maxSpeedMps, double maxTurnRateRadS,
                          double maxAccelMps2, double maxAngularAccelRadS2) {
    public DriveLimits {
        if (!(wheelBaseM > 0 && wheelRadiusM > 0 && maxSpeedMps > 0 && maxTurnRateRadS > 0 && maxAccelMps2 > 0
                && maxAngularAccelRadS2 > 0)) {
            throw new IllegalArgumentException("drive limits must be positive: " + this);
        }
    }

    /** Hobby-robot defaults: 0.30 m base, 5 cm wheels, 1 m/s, 90 deg/s, 0.5 m/s^2, 180 deg/s^2. */
    public static DriveLimits defaults(double wheelBaseM, double wheelRadiusM) {
        return new DriveLimits(wheelBaseM, wheelRadiusM, 1.0, Math.toRadians(90), 0.5, Math.toRadians(180));
    }
}
