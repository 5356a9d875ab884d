package io.afferent.api.truth;

/**
 * The true state of a simulated world, for scoring an estimate against it and for simulated devices that follow
 * the world (mock encoder pins). Provided as a run service by the simulator ({@code setup.service(GroundTruth.class)})
 * when the profile has a {@code sim:} section; absent otherwise. Thread-safe: every caller passes its own
 * {@link TruthState}.
 */
public interface GroundTruth {
    /** Clock time (the run's clock) at which simulated time is zero. */
    long originNanos();

    /** Fills {@code out} with the true state at clock time {@code nanos} (before the origin: the start pose). */
    void truthAt(long nanos, TruthState out);
}
