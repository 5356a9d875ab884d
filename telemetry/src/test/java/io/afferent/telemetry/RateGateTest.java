package io.afferent.telemetry;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RateGateTest {
    private static final long MS = 1_000_000L;

    @Test
    void passesOnePerPeriodOnAnAbsoluteTimeline() {
        RateGate g = new RateGate(200 * MS); // 5 Hz
        int passed = 0;
        long last = Long.MIN_VALUE;
        for (long t = 0; t < 10_000 * MS; t += MS) { // offers at 1 kHz for 10 s
            if (g.tryPass(t)) {
                passed++;
                assertTrue(last == Long.MIN_VALUE || t - last >= 180 * MS, "gap at " + t);
                last = t;
            }
        }
        // 0, then 180 ms (a tenth early), then every 200 ms on the timeline: 0, 180, 380, ..., 9980.
        assertEquals(51, passed);
    }

    @Test
    void aTickALittleEarlyIsNotSkipped() {
        RateGate g = new RateGate(1000 * MS);
        assertTrue(g.tryPass(0));
        assertTrue(g.tryPass(995 * MS), "5 ms early (jitter of the reporter's tick) still passes");
        assertTrue(g.tryPass(1998 * MS));
        assertFalse(g.tryPass(2500 * MS));
    }

    @Test
    void slowerTicksThinToTheConfiguredRate() {
        RateGate g = new RateGate(5000 * MS); // telemetry every 5 s, reporter every 1 s
        int passed = 0;
        for (long t = 1000 * MS; t <= 60_000 * MS; t += 1000 * MS) {
            if (g.tryPass(t)) passed++;
        }
        assertEquals(12, passed);
    }

    @Test
    void restartsAfterAPauseInsteadOfBursting() {
        RateGate g = new RateGate(100 * MS);
        assertTrue(g.tryPass(0));
        assertTrue(g.tryPass(10_000 * MS));
        assertFalse(g.tryPass(10_001 * MS));
        assertFalse(g.due(10_050 * MS));
        assertTrue(g.due(10_095 * MS));
    }
}
