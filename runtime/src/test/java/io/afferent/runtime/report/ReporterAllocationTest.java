package io.afferent.runtime.report;

import io.afferent.config.ReportConfig;
import io.afferent.runtime.thread.Log;
import io.afferent.runtime.thread.RunControl;
import io.afferent.runtime.timing.SourceStats;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reporter runs as long as the run does: its steady state must not feed the young generation. */
class ReporterAllocationTest {
    private static final long S = 1_000_000_000L;

    @AfterEach
    void restoreLog() {
        Log.redirect(System.err);
    }

    private static long allocatedOver(Reporter reporter, List<SourceStats> sources, long firstTick, int ticks) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int t = 0; t < ticks; t++) {
            for (int k = 0; k < sources.size(); k++) { // indexed: an iterator would be the test's own allocation
                SourceStats s = sources.get(k);
                for (int i = 0; i < 100; i++) {
                    s.lateness().recordWithExpectedInterval(10_000 + i * 300L, 1_000_000);
                    s.samples.increment();
                }
            }
            reporter.tick(firstTick + t * S);
        }
        return threads.getCurrentThreadAllocatedBytes() - before;
    }

    @Test
    void writingIntervalsAndTheStatusLogAllocatesAlmostNothingPerTick(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Log.redirect(new PrintStream(log, true));
        RunControl control = new RunControl(0);
        List<SourceStats> sources = List.of(new SourceStats("imu", 1_000_000), new SourceStats("gps", 100_000_000));
        Path hlog = dir.resolve("timing.hlog");
        Reporter reporter = new Reporter(new ReportConfig(dir, S, ReportConfig.StatusMode.AUTO, true, false), control,
                sources, List.of(), List::of, List.of(), hlog, false, 3 * S, System.currentTimeMillis());
        allocatedOver(reporter, sources, S, 60); // warm-up: the JIT, the first status lines, the mark at 3 s
        int ticks = 600;
        long bytes = allocatedOver(reporter, sources, 61 * S, ticks);
        reporter.finish();
        System.out.printf("reporter: %d bytes allocated over %d ticks (%d status log lines)%n", bytes, ticks, ticks / 5);
        // A status log line every 5 s is a String (a few hundred bytes); everything else is allocation-free.
        assertTrue(bytes / ticks < 300, bytes + " bytes over " + ticks + " ticks");
        assertTrue(log.toString().contains("| imu 100/s | gps 100/s | drops 0 | worst lateness 40µs"), log.toString());
        HistogramLogReader reader = new HistogramLogReader(hlog.toFile());
        int intervals = 0;
        while (reader.nextIntervalHistogram() != null) {
            intervals++;
        }
        assertEquals((60 + ticks + 1) * 6, intervals, "every tick wrote lateness, interval and publish of both sources");
    }

    @Test
    void withoutAStatusLineTheReporterAllocatesNothingPerTick(@TempDir Path dir) throws Exception {
        RunControl control = new RunControl(0);
        List<SourceStats> sources = List.of(new SourceStats("imu", 1_000_000), new SourceStats("wheels", 5_000_000));
        Reporter reporter = new Reporter(new ReportConfig(dir, S, ReportConfig.StatusMode.OFF, true, false), control,
                sources, List.of(), List::of, List.of(), dir.resolve("timing.hlog"), false, 3 * S,
                System.currentTimeMillis());
        allocatedOver(reporter, sources, S, 60);
        int ticks = 600;
        long bytes = allocatedOver(reporter, sources, 61 * S, ticks);
        reporter.finish();
        System.out.printf("reporter, no status: %d bytes allocated over %d ticks%n", bytes, ticks);
        assertTrue(bytes / ticks < 1, bytes + " bytes over " + ticks + " ticks");
    }
}
