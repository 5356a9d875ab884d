package io.afferent.drivers.gpio.sim;

import io.afferent.api.truth.GroundTruth;
import io.afferent.api.truth.TruthState;

/**
 * The simulated world's true wheel travel ({@link GroundTruth}), for the mock encoder pins the simulator drives.
 * Single thread: the {@link MockEncoderDriver}'s, which asks for the left then the right travel at the same time
 * (the second call reuses the state the first one computed). One instance per driver.
 */
public final class TruthWheelTravel implements WheelTravel {
    private final GroundTruth truth;
    private final TruthState state = new TruthState();
    private boolean filled;

    public TruthWheelTravel(GroundTruth truth) {
        this.truth = truth;
    }

    private TruthState at(long nanos) {
        if (!filled || state.timeNanos != nanos) {
            truth.truthAt(nanos, state);
            state.timeNanos = nanos;
            filled = true;
        }
        return state;
    }

    @Override
    public double leftM(long nanos) {
        return at(nanos).leftTravelM;
    }

    @Override
    public double rightM(long nanos) {
        return at(nanos).rightTravelM;
    }
}
