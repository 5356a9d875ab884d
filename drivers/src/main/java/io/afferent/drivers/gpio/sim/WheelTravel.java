package io.afferent.drivers.gpio.sim;

/**
 * Ground truth of a differential drive's wheels: signed distance rolled by each wheel since the
 * simulation's origin, as a function of the run's clock. The simulated world plugs in here
 * ({@link TruthWheelTravel}). Called by one thread at a time: the {@link MockEncoderDriver}'s (made on the
 * set-up thread, then its own pin thread).
 */
public interface WheelTravel {
    double leftM(long nanos);

    double rightM(long nanos);
}
