package io.afferent.deploy.calibrate;

import io.afferent.runtime.rt.ThreadRtRequest;
import io.afferent.runtime.timing.HistSummary;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CyclictestTest {
    @Test
    void percentilesComeFromTheBucketsOfAllThreadsWithOverflowsAtTheMax() {
        List<String> lines = new ArrayList<>();
        lines.add("# Histogram");
        // Two threads, 1 us buckets: 3 us x 500 + 500, 10 us x 400 + 400, 50 us x 98 + 98; 2 + 2 overflows.
        for (int us = 0; us < 100; us++) {
            long n = switch (us) {
                case 3 -> 500;
                case 10 -> 400;
                case 50 -> 98;
                default -> 0;
            };
            lines.add(String.format("%06d %06d\t%06d", us, n, n));
        }
        lines.add("# Total: 000000998 000000998");
        lines.add("# Min Latencies: 00003 00003");
        lines.add("# Avg Latencies: 00009 00010");
        lines.add("# Max Latencies: 00700 01200");
        lines.add("# Histogram Overflows: 00002 00002");
        lines.add("# Histogram Overflow at cycle number:");
        lines.add("# Thread 0: 00160 01564");

        HistSummary s = Cyclictest.parseHistogram(lines).lateness();

        assertEquals(2_000, s.count());
        assertEquals(3, s.minUs());
        assertEquals(3, s.p50Us());
        assertEquals(10, s.p90Us());
        assertEquals(50, s.p99Us());
        assertEquals(1_200, s.p999Us(), "ranks past the histogram fall into the overflows, counted at the max");
        assertEquals(1_200, s.maxUs());
        assertEquals(9.5, s.meanUs(), 1e-9);
    }

    @Test
    void rejectsOutputWithoutAHistogram() {
        assertThrows(IllegalArgumentException.class, () -> Cyclictest.parseHistogram(List.of("usage: ...")));
    }

    @Test
    void commandMatchesTheCalibrationSettings() {
        assertEquals(List.of("/usr/bin/cyclictest", "-m", "-q", "-d", "0", "-D", "15", "-i", "1000", "-t", "2",
                        "--policy=fifo", "-p", "80", "-a", "0-1", "-h", "20000", "--histfile=/tmp/h"),
                Cyclictest.command(Path.of("/usr/bin/cyclictest"), 1_000_000, 15_000_000_000L, 2,
                        ThreadRtRequest.fifo(80).withCpus("0-1"), true, Path.of("/tmp/h")));
        assertEquals(List.of("ct", "-q", "-d", "0", "-D", "1", "-i", "500", "-t", "1", "--policy=other", "-p", "0",
                        "-h", "20000", "--histfile=h"),
                Cyclictest.command(Path.of("ct"), 500_000, 200_000_000L, 1, ThreadRtRequest.other(0), false,
                        Path.of("h")));
    }
}
