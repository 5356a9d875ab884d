package io.afferent.runtime.sample;

/** Wheel encoder payload: cumulative signed tick counts of a differential drive. */
public final class Wheels {
    public long leftTicks;
    public long rightTicks;
    /** Ticks per wheel revolution, so that a consumer can turn ticks into distance. */
    public int ticksPerRevolution;
    /** Cumulative count of illegal quadrature transitions (missed edges) seen by the driver. */
    public long illegalTransitions;
    /** Velocity estimates over the driver's window, in ticks per second; NaN when the driver has none. */
    public double leftTicksPerS = Double.NaN;
    public double rightTicksPerS = Double.NaN;
    /** Time of the latest encoder edge (clock nanos), or 0 when not known (simulated, polled without edges). */
    public long lastEdgeNanos;

    public void clear() {
        leftTicks = rightTicks = 0;
        ticksPerRevolution = 0;
        illegalTransitions = 0;
        leftTicksPerS = rightTicksPerS = Double.NaN;
        lastEdgeNanos = 0;
    }

    public void copyFrom(Wheels o) {
        leftTicks = o.leftTicks;
        rightTicks = o.rightTicks;
        ticksPerRevolution = o.ticksPerRevolution;
        illegalTransitions = o.illegalTransitions;
        leftTicksPerS = o.leftTicksPerS;
        rightTicksPerS = o.rightTicksPerS;
        lastEdgeNanos = o.lastEdgeNanos;
    }
}
