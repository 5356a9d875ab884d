package com.example.battery;

/**
 * The arithmetic of the power-budget stage, apart from Afferent so that it is tested on its own: energy from
 * voltage × current over time, distance from successive positions, and the range the remaining energy buys at the
 * rate seen so far. Single thread.
 */
public final class PowerBudget {
    private final double minDistanceM;
    private long lastBatteryNanos = Long.MIN_VALUE;
    private double usedWh;
    private double packV;
    private double socPct = 100;
    private double lastX = Double.NaN;
    private double lastY = Double.NaN;
    private double drivenM;

    /** @param minDistanceM distance driven before a rate (and so a range) is given */
    public PowerBudget(double minDistanceM) {
        this.minDistanceM = minDistanceM;
    }

    public void battery(long nanos, double packV, double currentA, double socPct) {
        if (lastBatteryNanos != Long.MIN_VALUE && nanos > lastBatteryNanos) {
            usedWh += packV * currentA * (nanos - lastBatteryNanos) * 1e-9 / 3600;
        }
        lastBatteryNanos = nanos;
        this.packV = packV;
        this.socPct = socPct;
    }

    public void position(double xM, double yM) {
        if (!Double.isNaN(lastX)) {
            drivenM += Math.hypot(xM - lastX, yM - lastY);
        }
        lastX = xM;
        lastY = yM;
    }

    /** Fills {@code out}; {@code capacityWh} is the pack's full energy. */
    public void estimate(double capacityWh, double lowSocPct, RangeEstimate out) {
        out.drivenM = drivenM;
        out.usedWh = usedWh;
        out.whPerM = drivenM > 0 ? usedWh / drivenM : Double.NaN;
        double leftWh = capacityWh * socPct / 100;
        out.rangeLeftM = drivenM >= minDistanceM && usedWh > 0 ? leftWh / out.whPerM : Double.NaN;
        out.low = socPct < lowSocPct;
    }

    public double packV() {
        return packV;
    }
}
