package io.afferent.runtime.calibrate;

import io.afferent.runtime.rt.RealtimePlatform;
import io.afferent.runtime.rt.ThreadRtRequest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CalibrationTest {
    @Test
    void measuresEveryDeadlineOnEveryThreadAndReadsBackScheduling() throws Exception {
        RealtimePlatform platform = RealtimePlatform.detect();
        CalibrationConfig config = CalibrationConfig.builder().rateHz(2_000).durationNs(100_000_000).threads(2)
                .request(ThreadRtRequest.other(0).withCpus("0").withTimerSlackNs(1)).spinNs(10_000)
                .jitWarmupWakeups(200).lockMemory(false).build();

        CalibrationResult result = new Calibration(platform, config).run();

        assertNull(result.memory());
        assertEquals(2, result.threads().size());
        for (CalibrationResult.ThreadResult t : result.threads()) {
            // 100 ms at 2 kHz: deadlines start..start+100ms inclusive, missed ones filled in by the histogram.
            assertTrue(t.latency().getTotalCount() >= 200, t.name() + ": " + t.latency().getTotalCount());
            assertTrue(t.latency().getMinValue() >= 0);
            if ("linux-ffm".equals(platform.implementation())) {
                assertEquals("SCHED_OTHER", t.inForce().policy());
                assertEquals(List.of(0), t.inForce().affinity());
                assertEquals(1, t.inForce().timerSlackNs());
                assertTrue(t.warnings().isEmpty(), t.warnings()::toString);
            }
        }
        assertEquals(result.threads().get(0).latency().getTotalCount()
                + result.threads().get(1).latency().getTotalCount(), result.total().getTotalCount());
        assertEquals(result.total().getTotalCount(), result.stats().lateness().count());
    }

    @Test
    void rejectsASpinAsLongAsThePeriod() {
        assertThrows(IllegalArgumentException.class,
                () -> CalibrationConfig.builder().rateHz(1_000).spinNs(1_000_000).build());
    }
}
