package io.afferent.runtime.timing;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class LatencyRecorderTest {
    @Test
    void sinceMarkHoldsOnlyWhatCameAfterTheMark() {
        LatencyRecorder r = new LatencyRecorder("t");
        assertNull(r.sinceMark(), "no mark yet");
        for (int i = 0; i < 10; i++) {
            r.record(5_000_000); // warm-up: 5 ms each
        }
        r.sampleInterval();
        r.mark();
        for (int i = 0; i < 4; i++) {
            r.record(20_000);
        }
        r.sampleInterval();
        Histogram after = r.sinceMark();
        assertEquals(4, after.getTotalCount());
        assertEquals(20_000, after.getMaxValue(), 20);
        assertEquals(14, r.total().getTotalCount());
    }

    @Test
    void valuesAreClampedNotThrown() {
        LatencyRecorder r = new LatencyRecorder("t");
        r.record(-5);
        r.record(Long.MAX_VALUE);
        Histogram h = r.sampleInterval();
        assertEquals(2, h.getTotalCount());
        assertEquals(0, h.getMinValue());
        assertEquals(LatencyRecorder.HIGHEST_TRACKABLE_NANOS, h.getMaxValue(), LatencyRecorder.HIGHEST_TRACKABLE_NANOS / 1000.0);
    }
}
