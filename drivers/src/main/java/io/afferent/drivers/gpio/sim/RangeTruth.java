package io.afferent.drivers.gpio.sim;

/** Ground truth of an ultrasonic ranger: distance to the nearest echo, or NaN for none. Thread-safe. */
@FunctionalInterface
public interface RangeTruth {
    double distanceM(long nanos);
}
