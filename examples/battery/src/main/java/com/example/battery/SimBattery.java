package com.example.battery;

import io.afferent.api.ConfigError;
import io.afferent.api.Params;
import io.afferent.api.PeriodicSource;
import io.afferent.api.SourceSetup;

/**
 * Source type {@code sim-battery}: a simulated 4-cell pack discharging at a constant load plus a ripple, sampled at
 * the profile's {@code rate_hz}. A real monitor (an INA226 on I2C, a smart BMS on a serial port) implements the same
 * interface. Every value is a function of the acquisition time, so a replay reproduces it.
 */
public final class SimBattery implements PeriodicSource<BatteryState> {
    private final double capacityAh;
    private final double startSocPct;
    private final double loadA;
    private final long originNanos;

    private SimBattery(double capacityAh, double startSocPct, double loadA, long originNanos) {
        this.capacityAh = capacityAh;
        this.startSocPct = startSocPct;
        this.loadA = loadA;
        this.originNanos = originNanos;
    }

    /** Reads {@code params: {capacity_ah, start_soc_pct, load_a}} with Afferent's own validation and errors. */
    public static SimBattery create(SourceSetup setup) throws ConfigError {
        Params p = setup.params();
        double capacity = p.number("capacity_ah", 5.0, 0.1, 1000);
        double soc = p.number("start_soc_pct", 95, 1, 100);
        double load = p.number("load_a", 2.0, 0, 500);
        p.rejectUnknownKeys();
        return new SimBattery(capacity, soc, load, setup.originNanos());
    }

    /** A source outside a run (tests): time origin {@code originNanos}. */
    static SimBattery of(double capacityAh, double startSocPct, double loadA, long originNanos) {
        return new SimBattery(capacityAh, startSocPct, loadA, originNanos);
    }

    @Override
    public boolean sample(long acquiredNanos, BatteryState out) {
        double t = (acquiredNanos - originNanos) * 1e-9;
        double current = loadA * (1 + 0.1 * Math.sin(t * 2 * Math.PI / 5));
        double usedAh = loadA * t / 3600;
        double soc = Math.max(0, startSocPct - 100 * usedAh / capacityAh);
        double cell = 3.3 + 0.9 * soc / 100 - 0.02 * current;
        out.currentA = current;
        out.usedAh = usedAh;
        out.socPct = soc;
        for (int i = 0; i < out.cellV.length; i++) {
            out.cellV[i] = cell - 0.002 * i;
        }
        out.packV = out.cellV[0] + out.cellV[1] + out.cellV[2] + out.cellV[3];
        return true;
    }
}
