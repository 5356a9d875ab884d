package io.afferent.drivers.gpio.out;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DutyShaperTest {
    private static final long MS = 1_000_000;

    @Test
    void speedScalesToDutyAndIsClampedToTheLimit() {
        DutyShaper d = new DutyShaper(1.0, 80, 0, 0, false);
        assertEquals(50, d.shape(0.5, 0));
        assertFalse(d.clamped());
        assertEquals(-25, d.shape(-0.25, 0));
        assertEquals(80, d.shape(1.5, 0));
        assertTrue(d.clamped());
        assertEquals(-80, d.shape(-0.9, 0));
        assertTrue(d.clamped());
    }

    @Test
    void belowTheDeadbandTheDutyIsZeroAndInversionFlipsTheSign() {
        DutyShaper d = new DutyShaper(2.0, 100, 10, 0, true);
        assertEquals(0, d.shape(0.19, 0)); // 9.5 %
        assertEquals(-10, d.shape(0.2, 0)); // 10 %, inverted
        assertEquals(30, d.shape(-0.6, 0));
    }

    @Test
    void theRateOfChangeIsLimitedOnTheRunClockButAStopIsImmediate() {
        DutyShaper d = new DutyShaper(1.0, 100, 0, 200, false); // 200 %/s: 2 % per 10 ms
        assertEquals(100, d.shape(1.0, 0)); // the first command has no previous duty to ramp from
        d.stop(0);
        assertEquals(2, d.shape(1.0, 10 * MS));
        assertEquals(4, d.shape(1.0, 20 * MS));
        assertEquals(3, d.shape(0.03, 30 * MS)); // within one step: reached
        assertEquals(1, d.shape(-1.0, 40 * MS)); // down by 2
        d.stop(50 * MS);
        assertEquals(0, d.shape(0, 50 * MS));
    }
}
