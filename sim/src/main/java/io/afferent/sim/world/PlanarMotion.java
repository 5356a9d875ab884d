package io.afferent.sim.world;

import io.afferent.api.truth.TruthState;

/**
 * The robot's motion on the ground plane, as a function of time: a course fixed in advance ({@link Trajectory}) or
 * one that follows commands ({@link CommandedDrive}). Thread-safe and allocation-free.
 */
public interface PlanarMotion {
    /**
     * Fills the planar part of {@code out} at {@code tS} seconds of simulated time: east/north, heading (unwrapped
     * and wrapped), speed, velocity, along-track acceleration, turn rate, wheel travel.
     */
    void planarAt(double tS, TruthState out);
}
