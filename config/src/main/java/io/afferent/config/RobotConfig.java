package io.afferent.config;

/**
 * The robot's geometry, shared by the drivers, the simulator and fusion.
 *
 * @param wheelRadiusM        drive wheel radius
 * @param wheelBaseM          distance between the two drive wheels
 * @param encoderTicksPerRev  encoder ticks per wheel revolution (after quadrature decoding, ×4 counts)
 */
public record RobotConfig(double wheelRadiusM, double wheelBaseM, int encoderTicksPerRev) {
    public static final RobotConfig DEFAULT = new RobotConfig(0.05, 0.30, 1440);
}
