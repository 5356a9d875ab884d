package com.example.battery;

import io.afferent.api.MessageType;
import io.afferent.api.Unit;

/** What the power-budget stage publishes: energy spent per metre driven and the range left at that rate. */
public final class RangeEstimate {
    public static final MessageType<RangeEstimate> TYPE = MessageType.of("range-estimate", RangeEstimate.class);

    @Unit("m") public double drivenM;
    @Unit("Wh") public double usedWh;
    @Unit("Wh/m") public double whPerM;
    /** NaN until the robot has driven far enough for a rate. */
    @Unit("m") public double rangeLeftM = Double.NaN;
    public boolean low;
}
