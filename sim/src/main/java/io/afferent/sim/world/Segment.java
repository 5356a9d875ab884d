package io.afferent.sim.world;

/** One step of a scripted course. Moving segments start and end at the speeds the neighbours allow. */
public sealed interface Segment {
    /** Drives {@code distanceM} straight ahead at up to {@code speedMps}. */
    record Straight(double distanceM, double speedMps) implements Segment {
    }

    /** Drives along a circle of {@code radiusM} through {@code angleRad} (positive: to the left). */
    record Arc(double radiusM, double angleRad, double speedMps) implements Segment {
    }

    /** Turns in place through {@code angleRad} (positive: to the left), from rest to rest. */
    record Turn(double angleRad) implements Segment {
    }

    /** Stands still. */
    record Wait(double seconds) implements Segment {
    }
}
