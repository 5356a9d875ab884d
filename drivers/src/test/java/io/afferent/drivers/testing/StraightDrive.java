package io.afferent.drivers.testing;

import io.afferent.api.truth.GroundTruth;
import io.afferent.api.truth.TruthState;

/** A simulated world for tests: from {@code originNanos} both wheels roll forward at {@code speedMps}. Thread-safe. */
public record StraightDrive(long originNanos, double speedMps) implements GroundTruth {
    @Override
    public void truthAt(long nanos, TruthState out) {
        double t = Math.max(0, nanos - originNanos) * 1e-9;
        out.timeNanos = nanos;
        out.timeS = t;
        out.speedMps = nanos < originNanos ? 0 : speedMps;
        out.leftTravelM = speedMps * t;
        out.rightTravelM = speedMps * t;
    }
}
