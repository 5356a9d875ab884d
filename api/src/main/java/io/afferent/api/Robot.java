package io.afferent.api;

/**
 * The robot's geometry from the profile's {@code robot:} section, shared by drivers, the simulator and stages.
 *
 * @param wheelRadiusM       drive wheel radius
 * @param wheelBaseM         distance between the two drive wheels
 * @param encoderTicksPerRev encoder ticks per wheel revolution (after quadrature decoding)
 */
public record Robot(double wheelRadiusM, double wheelBaseM, int encoderTicksPerRev) {
}
