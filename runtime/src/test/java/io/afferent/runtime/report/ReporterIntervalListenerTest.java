package io.afferent.runtime.report;

import io.afferent.config.ReportConfig;
import io.afferent.runtime.thread.RunControl;
import io.afferent.runtime.timing.SourceStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reporter hands each interval's quantiles to its listener (live telemetry), captured in its own loop. */
class ReporterIntervalListenerTest {
    private static final long S = 1_000_000_000L;

    @Test
    void theListenerSeesEachIntervalsQuantilesAndRatesAndTheCaptureAllocatesNothing(@TempDir Path dir) throws Exception {
        RunControl control = new RunControl(0);
        SourceStats imu = new SourceStats("imu", 1_000_000);
        List<SourceStats> sources = List.of(imu);
        long[] seen = new long[5]; // calls, p50, p99, max of lateness, rate
        IntervalListener listener = v -> {
            seen[0]++;
            seen[1] = v.latenessNanos(0, 0);
            seen[2] = v.latenessNanos(0, 1);
            seen[3] = v.latenessNanos(0, 2);
            seen[4] = Math.round(v.rateHz(0));
        };
        Reporter reporter = new Reporter(new ReportConfig(dir, S, ReportConfig.StatusMode.OFF, false, false), control,
                sources, List.of(), List::of, List.of(), null, false, 3 * S, System.currentTimeMillis(), listener);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long bytes = 0;
        int ticks = 600;
        for (int t = 0; t < 60 + ticks; t++) {
            if (t == 60) bytes = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 100; i++) {
                imu.lateness().recordWithExpectedInterval(10_000 + i * 300L, 1_000_000);
                imu.samples.increment();
            }
            reporter.tick((t + 1) * S);
        }
        bytes = threads.getCurrentThreadAllocatedBytes() - bytes;
        assertEquals(60 + ticks, seen[0]);
        // 100 values 10.0, 10.3, ... 39.7 µs in each interval (HdrHistogram keeps 3 significant digits).
        assertEquals(24_700, seen[1], 100);
        assertEquals(39_400, seen[2], 100);
        assertEquals(39_700, seen[3], 100);
        assertEquals(100, seen[4]);
        System.out.printf("reporter with an interval listener: %d bytes allocated over %d ticks%n", bytes, ticks);
        assertTrue(bytes / ticks < 1, bytes + " bytes over " + ticks + " ticks");
        reporter.finish();
    }
}
