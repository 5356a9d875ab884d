package io.afferent.runtime.sample;

/** Wheel encoder payload: cumulative signed tick counts of a differential drive. */
public final class Wheels {
    public long leftTicks;
    public long rightTicks;
    /** Ticks per wheel revolution, so that a consumer can turn ticks into distance. */
    public int ticksPerRevolution;
    /** Cumulative count of illegal quadrature transitions (missed edges) seen by the driver. */
    public long illegalTransitions;

    public void clear() {
        leftTicks = rightTicks = 0;
        ticksPerRevolution = 0;
        illegalTransitions = 0;
    }

    public void copyFrom(Wheels o) {
        leftTicks = o.leftTicks;
        rightTicks = o.rightTicks;
        ticksPerRevolution = o.ticksPerRevolution;
        illegalTransitions = o.illegalTransitions;
    }
}
