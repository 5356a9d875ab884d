package com.example.battery;

import io.afferent.api.FieldInfo;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PowerBudgetTest {
    @Test
    void energyPerMetreAndRangeLeft() {
        PowerBudget b = new PowerBudget(1.0);
        b.battery(0, 14.0, 2.0, 80);
        b.battery(3_600_000_000_000L, 14.0, 2.0, 80); // one hour at 28 W: 28 Wh
        b.position(0, 0);
        b.position(3, 4); // 5 m
        RangeEstimate r = new RangeEstimate();
        b.estimate(70, 20, r);
        assertEquals(28.0, r.usedWh, 1e-9);
        assertEquals(5.0, r.drivenM, 1e-12);
        assertEquals(5.6, r.whPerM, 1e-9);
        assertEquals(70 * 0.8 / 5.6, r.rangeLeftM, 1e-9);
        assertFalse(r.low);
    }

    @Test
    void noRangeBeforeTheRobotHasDrivenAndLowBelowTheThreshold() {
        PowerBudget b = new PowerBudget(1.0);
        b.battery(0, 12.0, 1.0, 10);
        b.position(0, 0);
        b.position(0.5, 0);
        RangeEstimate r = new RangeEstimate();
        b.estimate(70, 20, r);
        assertTrue(Double.isNaN(r.rangeLeftM));
        assertTrue(r.low);
    }

    @Test
    void afferentDescribesTheMessageTypes() {
        List<String> paths = BatteryState.TYPE.fields().stream().map(FieldInfo::path).toList();
        assertEquals(List.of("packV", "currentA", "socPct", "usedAh", "cellV"), paths);
        assertEquals(4, BatteryState.TYPE.field("cellV").arrayLength());
        assertEquals("V", BatteryState.TYPE.field("packV").unit());
    }

    @Test
    void theSimulatedPackDischarges() {
        BatteryState s = new BatteryState();
        // A source made outside a run: origin 0, 5 Ah, 95 %, 2 A.
        SimBattery battery = SimBattery.of(5.0, 95, 2.0, 0);
        battery.sample(0, s);
        double start = s.socPct;
        battery.sample(3_600_000_000_000L, s);
        assertEquals(95.0, start, 1e-12);
        assertEquals(95.0 - 40.0, s.socPct, 1e-9); // 2 Ah of 5 Ah
        assertEquals(s.cellV[0] + s.cellV[1] + s.cellV[2] + s.cellV[3], s.packV, 1e-12);
    }
}
