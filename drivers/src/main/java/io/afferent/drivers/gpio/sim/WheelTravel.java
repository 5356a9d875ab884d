package io.afferent.drivers.gpio.sim;

/**
 * Ground truth of a differential drive's wheels: signed distance rolled by each wheel since the
 * simulation's origin, as a function of the runtime's clock. The laptop simulator (today a circle
 * course, later the full simulated world) plugs in here. Implementations must be thread-safe.
 */
public interface WheelTravel {
    double leftM(long nanos);

    double rightM(long nanos);
}
