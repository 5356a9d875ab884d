package io.afferent.fusion;

import io.afferent.api.Counter;

/**
 * The state of the emergency-stop inputs ({@code Digital.emergencyStop}): a change is flagged in the pose and
 * published at once. Survives a {@link FusionProcessor#reset()}: a stop request is not forgotten on a
 * restart. Single thread: the stage thread.
 */
final class EmergencyStop {
    private final Counter activations;
    private final Counter activeGauge;
    private boolean active;

    EmergencyStop(Counter activations, Counter activeGauge) {
        this.activations = activations;
        this.activeGauge = activeGauge;
    }

    /** Takes the input's state; returns whether it changed (then the caller publishes). */
    boolean change(boolean stopRequested) {
        if (stopRequested == active) {
            return false;
        }
        active = stopRequested;
        if (stopRequested) {
            activations.increment();
            activeGauge.increment();
        } else {
            activeGauge.add(-1);
        }
        return true;
    }

    boolean active() {
        return active;
    }
}
