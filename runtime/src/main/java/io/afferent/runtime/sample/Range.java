package io.afferent.runtime.sample;

/** Range sensor payload (ultrasonic style). */
public final class Range {
    public double distanceM;
    /** True when no echo came back within the timeout; {@link #distanceM} is then meaningless. */
    public boolean noEcho;

    public void clear() {
        distanceM = 0;
        noEcho = false;
    }

    public void copyFrom(Range o) {
        distanceM = o.distanceM;
        noEcho = o.noEcho;
    }
}
