package io.afferent.runtime.timing;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test
    void bucketsMatchHdrHistogramsOwnLayoutExactly() {
        Histogram reference = LatencyRecorder.newHistogram();
        LatencyRecorder r = new LatencyRecorder("t");
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            // every magnitude from 0 ns to the 60 s limit
            long v = (long) Math.pow(10, random.nextDouble(0, Math.log10(LatencyRecorder.HIGHEST_TRACKABLE_NANOS)));
            if (i % 3 == 0) {
                r.recordWithExpectedInterval(v, 1_000_000);
                reference.recordValueWithExpectedInterval(v, 1_000_000);
            } else {
                r.record(v);
                reference.recordValue(v);
            }
        }
        for (int i = 0; i < 4096; i++) { // the first buckets value by value
            r.record(i);
            reference.recordValue(i);
        }
        assertEquals(reference, r.sampleInterval(), "same counts in the same buckets as HdrHistogram's recordValue");
        assertEquals(reference, r.total());
        for (int i = 0; i < LatencyRecorder.COUNTS_LENGTH; i++) {
            assertEquals(i, LatencyRecorder.index(LatencyRecorder.valueAt(i)), "index " + i);
        }
    }

    @Test
    void intervalsAddUpToEverythingRecordedWhileTheWriterRuns() throws Exception {
        LatencyRecorder r = new LatencyRecorder("t");
        Histogram reference = LatencyRecorder.newHistogram();
        long n = 3_000_000;
        AtomicBoolean done = new AtomicBoolean();
        Thread writer = new Thread(() -> {
            for (long i = 0; i < n; i++) {
                r.record(i % 5_000_000);
            }
            done.set(true);
        });
        writer.start();
        Histogram sum = LatencyRecorder.newHistogram();
        Histogram scratch = LatencyRecorder.newHistogram();
        int intervals = 0;
        while (!done.get()) {
            sum.add(r.sampleInterval(scratch));
            intervals++;
        }
        writer.join();
        sum.add(r.sampleInterval(scratch)); // what came after the last sample
        for (long i = 0; i < n; i++) {
            reference.recordValue(i % 5_000_000);
        }
        assertTrue(intervals > 1, "the reporter sampled while the writer recorded");
        assertEquals(n, sum.getTotalCount(), "nothing lost or counted twice across " + intervals + " intervals");
        assertEquals(reference, sum);
        assertEquals(reference, r.total());
    }

    @Test
    void recordingAllocatesNothing() {
        LatencyRecorder r = new LatencyRecorder("t");
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 100_000; i++) {
            r.recordWithExpectedInterval(i * 37L, 1_000_000); // warm-up: the JIT
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 1_000_000; i++) {
            r.recordWithExpectedInterval(i * 37L, 1_000_000);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        // An object per record would be at least 16 MB; a few hundred bytes are the JIT's one-offs on this thread.
        assertTrue(allocated < 4096, allocated + " bytes for 1,000,000 records");
    }
}
