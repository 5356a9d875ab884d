package io.afferent.runtime.calibrate;

import io.afferent.runtime.rt.RealtimePlatform;
import io.afferent.runtime.rt.ThreadRtRequest;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlatformProbeTest {
    @Test
    void recordsWhileRunningAndStopsWithinItsBound() throws Exception {
        RealtimePlatform platform = RealtimePlatform.detect();
        PlatformProbe probe = PlatformProbe.create(platform, 1_000_000, ThreadRtRequest.unchanged().withTimerSlackNs(1));
        probe.start();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (probe.cumulativeHistogram().getTotalCount() < 20 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(probe.stop(), "probe thread ended");
        assertNull(probe.failure());
        Histogram h = probe.cumulativeHistogram();
        assertTrue(h.getTotalCount() >= 20, "samples: " + h.getTotalCount());
        assertTrue(probe.stats().lateness().count() >= 20);
        h.reset(); // a copy: the probe's own histogram is untouched
        assertTrue(probe.cumulativeHistogram().getTotalCount() >= 20);
        if ("linux-ffm".equals(platform.implementation())) {
            assertEquals(1, probe.threadState().timerSlackNs());
            assertTrue(probe.warnings().isEmpty(), probe.warnings()::toString);
        }
        assertTrue(probe.stop(), "stop is idempotent");
    }

    @Test
    void startsOnce() throws Exception {
        try (PlatformProbe probe = PlatformProbe.create(RealtimePlatform.detect())) {
            probe.start();
            assertThrows(IllegalStateException.class, probe::start);
        }
    }
}
