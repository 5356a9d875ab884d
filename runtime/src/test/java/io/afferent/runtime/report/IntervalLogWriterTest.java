package io.afferent.runtime.report;

import io.afferent.runtime.timing.LatencyRecorder;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IntervalLogWriterTest {
    private static final long BASE_MS = 1_763_856_000_000L;

    private static Histogram histogram(long seed, int values) {
        Histogram h = new Histogram(1, LatencyRecorder.HIGHEST_TRACKABLE_NANOS, 3);
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < values; i++) {
            // Wake-up lateness-like values: mostly tens of µs, a tail up to tens of ms.
            h.recordValue(r.nextInt(100) == 0 ? r.nextLong(1, 50_000_000L) : r.nextLong(2_000, 80_000));
        }
        return h;
    }

    @Test
    void hdrHistogramsOwnReaderReadsBackEveryIntervalExactly(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("timing.hlog");
        Histogram[] written = {histogram(1, 1000), histogram(2, 0), histogram(3, 20_000), histogram(4, 1)};
        String[] tags = {"source.imu.lateness", "source.gps.lateness", "stage.fusion.service", "e2e.fusion.imu"};
        try (IntervalLogWriter w = new IntervalLogWriter(file, LatencyRecorder.neededByteBufferCapacity())) {
            w.comment("test log");
            w.start(BASE_MS, BASE_MS);
            for (int i = 0; i < written.length; i++) {
                w.interval(tags[i], BASE_MS + 1000L * i, BASE_MS + 1000L * (i + 1) + 7, written[i]);
            }
        }
        HistogramLogReader reader = new HistogramLogReader(file.toFile());
        for (int i = 0; i < written.length; i++) {
            EncodableHistogram read = reader.nextIntervalHistogram();
            assertNotNull(read, "interval " + i);
            assertEquals(tags[i], read.getTag());
            assertEquals(BASE_MS + 1000L * i, read.getStartTimeStamp(), "start of interval " + i);
            assertEquals(BASE_MS + 1000L * (i + 1) + 7, read.getEndTimeStamp(), "end of interval " + i);
            Histogram h = (Histogram) read;
            assertEquals(written[i].getTotalCount(), h.getTotalCount());
            assertEquals(written[i].getMaxValue(), h.getMaxValue());
            assertEquals(written[i], h, "interval " + i + " decodes to the same counts");
        }
        assertNull(reader.nextIntervalHistogram());
        assertEquals(BASE_MS / 1000.0, reader.getStartTimeSec(), 1e-3);
    }

    @Test
    void writesTheSameLinesAsHistogramLogWriterForTheSameHistogram() {
        Histogram h = histogram(7, 5000);
        h.setTag("source.imu.lateness");
        h.setStartTimeStamp(BASE_MS + 2500);
        h.setEndTimeStamp(BASE_MS + 3500);
        ByteArrayOutputStream theirs = new ByteArrayOutputStream();
        org.HdrHistogram.HistogramLogWriter reference = new org.HdrHistogram.HistogramLogWriter(theirs);
        reference.setBaseTime(BASE_MS);
        reference.outputIntervalHistogram(h);
        reference.close();
        ByteArrayOutputStream ours = new ByteArrayOutputStream();
        IntervalLogWriter w = new IntervalLogWriter(ours, LatencyRecorder.neededByteBufferCapacity());
        w.start(BASE_MS, BASE_MS);
        int header = ours.size();
        w.flush();
        header = ours.size();
        w.interval("source.imu.lateness", BASE_MS + 2500, BASE_MS + 3500, h);
        w.close();
        assertEquals(theirs.toString(), ours.toString().substring(header));
    }

    @Test
    void allocatesNothingPerInterval() {
        Histogram[] hs = {histogram(1, 1000), histogram(2, 30_000), histogram(3, 10)};
        IntervalLogWriter w = new IntervalLogWriter(new java.io.OutputStream() {
            @Override
            public void write(int b) {
            }

            @Override
            public void write(byte[] b, int off, int len) {
            }
        }, LatencyRecorder.neededByteBufferCapacity());
        w.start(BASE_MS, BASE_MS);
        for (int i = 0; i < 300; i++) { // warm up, so that the JIT's own allocation is over
            w.interval("warm", BASE_MS, BASE_MS + 1000, hs[i % hs.length]);
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        int intervals = 3000;
        for (int i = 0; i < intervals; i++) {
            w.interval("stage.fusion.service", BASE_MS + i * 1000L, BASE_MS + (i + 1) * 1000L, hs[i % hs.length]);
            w.flush();
        }
        long bytes = threads.getCurrentThreadAllocatedBytes() - before;
        System.out.printf("IntervalLogWriter: %d bytes allocated over %d intervals%n", bytes, intervals);
        assertTrue((double) bytes / intervals < 1.0, bytes + " bytes over " + intervals + " intervals");
    }

    @Test
    void refusesTagsThatWouldBreakTheLogLine() {
        IntervalLogWriter w = new IntervalLogWriter(new ByteArrayOutputStream(), 1024);
        assertThrows(IllegalArgumentException.class, () -> w.interval("bad tag", 0, 1, new Histogram(3)));
        assertThrows(IllegalArgumentException.class, () -> w.interval("a,b", 0, 1, new Histogram(3)));
    }
}
