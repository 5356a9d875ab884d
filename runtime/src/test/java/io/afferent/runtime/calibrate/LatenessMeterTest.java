package io.afferent.runtime.calibrate;

import io.afferent.runtime.clock.ManualClock;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LatenessMeterTest {
    private static final long PERIOD_NS = 1_000_000; // 1 kHz
    private static final long WAKE_LATE_NS = 3_000;

    @Test
    void aFiftyMillisecondStallShowsAsFiftyLateSamplesNotOne() {
        ManualClock clock = new ManualClock(0);
        Histogram histogram = Calibration.newHistogram();
        int[] waits = {0};
        LatenessMeter meter = new LatenessMeter(clock, deadline -> {
            // The 100th wake-up stalls 50 ms; every other one is 3 us late.
            clock.advanceTo(deadline + (++waits[0] == 100 ? 50_000_000 : WAKE_LATE_NS));
        }, PERIOD_NS, histogram::recordValueWithExpectedInterval);

        long covered = meter.run(PERIOD_NS, 1_000 * PERIOD_NS); // one second of deadlines

        assertEquals(1_000, covered);
        assertEquals(1_000, histogram.getTotalCount(), "one sample per deadline, missed ones included");
        long atLeastOneMs = histogram.getCountBetweenValues(PERIOD_NS, Long.MAX_VALUE / 2);
        assertEquals(50, atLeastOneMs, "the stall is 50 samples from 50 ms down to 1 ms");
        assertEquals(50_000_000, histogram.getMaxValue(), 50_000_000 / 1_000.0);
        assertEquals(WAKE_LATE_NS, histogram.getValueAtPercentile(50), WAKE_LATE_NS / 1_000.0);
        assertEquals(951, meter.wakeups(), "after the stall the loop resumes at the next deadline ahead");
        assertEquals(0, meter.early());
    }

    @Test
    void earlyWakeUpsAreCountedApartAndTheSameDeadlineIsAwaitedAgain() {
        ManualClock clock = new ManualClock(0);
        Histogram histogram = Calibration.newHistogram();
        int[] waits = {0};
        LatenessMeter meter = new LatenessMeter(clock, deadline -> {
            if (++waits[0] % 2 == 1) {
                clock.advanceTo(deadline - 10_000); // spurious: 10 us early
            } else {
                clock.advanceTo(deadline + WAKE_LATE_NS);
            }
        }, PERIOD_NS, histogram::recordValueWithExpectedInterval);

        meter.run(PERIOD_NS, 10 * PERIOD_NS);

        assertEquals(10, meter.early());
        assertEquals(10, histogram.getTotalCount());
        assertTrue(histogram.getMinValue() >= 0, "lateness is never negative");
        assertEquals(WAKE_LATE_NS, histogram.getMinValue(), WAKE_LATE_NS / 1_000.0);
    }

    @Test
    void stopEndsTheLoopAfterTheCurrentWait() {
        ManualClock clock = new ManualClock(0);
        Histogram histogram = Calibration.newHistogram();
        LatenessMeter[] self = new LatenessMeter[1];
        int[] waits = {0};
        self[0] = new LatenessMeter(clock, deadline -> {
            clock.advanceTo(deadline);
            if (++waits[0] == 5) {
                self[0].stop();
            }
        }, PERIOD_NS, histogram::recordValueWithExpectedInterval);
        self[0].run(PERIOD_NS, Long.MAX_VALUE / 2);
        assertEquals(5, histogram.getTotalCount());
    }
}
