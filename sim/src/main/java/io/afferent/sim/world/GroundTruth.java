package io.afferent.sim.world;

/**
 * The simulated robot's true state as a function of time, for sensor models and for scoring an
 * estimator against truth. Thread-safe: any thread may query any time, in any order; allocation-free.
 */
public interface GroundTruth {
    /** Clock time (the run's monotonic clock) at which simulated time is zero. */
    long originNanos();

    /** Fills {@code out} with the true state at clock time {@code nanos} (before the origin: the start pose). */
    void truthAt(long nanos, TruthState out);
}
