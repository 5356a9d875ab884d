package com.example.battery;

import io.afferent.api.MessageType;
import io.afferent.api.Unit;

/**
 * A battery monitor's reading: pack voltage and current, state of charge, and each cell's voltage. A plain class
 * with public fields: Afferent describes it once by reflection, preallocates it in the topic's ring, and records,
 * exports or publishes it with no code of ours.
 */
public final class BatteryState {
    public static final MessageType<BatteryState> TYPE = MessageType.of("battery-state", BatteryState.class);

    @Unit("V") public double packV;
    /** Positive when discharging. */
    @Unit("A") public double currentA;
    @Unit("%") public double socPct;
    @Unit("Ah") public double usedAh;
    @Unit("V") public final double[] cellV = new double[4];
}
