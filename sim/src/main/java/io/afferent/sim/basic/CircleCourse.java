package io.afferent.sim.basic;

/**
 * Ground truth of a differential-drive robot driving a circle at constant speed: a pure function of
 * time, so simulated sensors on different threads agree without sharing mutable state. Frame: x east,
 * y north, heading counter-clockwise from east; the robot starts at the origin heading east.
 * Immutable and thread-safe. (The full simulated world with courses and faults replaces this later.)
 */
public final class CircleCourse {
    private final long originNanos;
    private final double speedMps;
    private final double turnRateRadPerS;
    private final double wheelBaseM;

    public CircleCourse(long originNanos, double speedMps, double turnRateRadPerS, double wheelBaseM) {
        this.originNanos = originNanos;
        this.speedMps = speedMps;
        this.turnRateRadPerS = turnRateRadPerS;
        this.wheelBaseM = wheelBaseM;
    }

    public double seconds(long nanos) {
        return (nanos - originNanos) * 1e-9;
    }

    public double speedMps() { return speedMps; }
    public double turnRateRadPerS() { return turnRateRadPerS; }
    public double wheelBaseM() { return wheelBaseM; }

    public double headingRad(double t) {
        return turnRateRadPerS * t;
    }

    public double xM(double t) {
        if (turnRateRadPerS == 0) return speedMps * t;
        return speedMps / turnRateRadPerS * Math.sin(turnRateRadPerS * t);
    }

    public double yM(double t) {
        if (turnRateRadPerS == 0) return 0;
        return speedMps / turnRateRadPerS * (1 - Math.cos(turnRateRadPerS * t));
    }

    /** Distance travelled by the left (-1) or right (+1) wheel since the origin. */
    public double wheelTravelM(int side, double t) {
        return (speedMps + side * turnRateRadPerS * wheelBaseM / 2) * t;
    }
}
