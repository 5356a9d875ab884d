package io.afferent.runtime.reader;

import io.afferent.api.PeriodicSource;
import io.afferent.api.msg.Imu;
import io.afferent.config.SourceConfig;
import io.afferent.runtime.clock.ManualClock;
import io.afferent.runtime.testing.Profiles;
import io.afferent.runtime.thread.ErrorLog;
import io.afferent.runtime.thread.RunControl;
import io.afferent.runtime.timing.SourceStats;
import io.afferent.runtime.topic.Slot;
import io.afferent.runtime.topic.Topic;
import io.afferent.runtime.topic.TopicStats;
import io.afferent.runtime.topic.TopicWriter;
import io.afferent.runtime.wait.StageWakeup;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PeriodicAgentTest {
    private static final long MS = 1_000_000L;

    private final ManualClock clock = new ManualClock(1_000 * MS);
    private final RunControl control = new RunControl(clock.nanoTime());
    private final SourceConfig config = Profiles.load("""
            sources:
              imu: {type: periodic, rate_hz: 1000, ring_size: 8192}
            stages:
              s: {type: test, inputs: [imu], deadline_us: 100}
            """).sources().getFirst();
    private final SourceStats stats = new SourceStats("imu", config.periodNanos());
    private final Topic<Imu> ring = new Topic<>("imu", Imu.TYPE, "source imu", config.ringSize(), new StageWakeup());
    private final PeriodicSource<Imu> source = (acquiredNanos, out) -> {
        out.gyroZ = acquiredNanos;
        return true;
    };
    private final PeriodicAgent<Imu> agent;

    PeriodicAgentTest() {
        ring.newGatingPoller("stage s");
        agent = new PeriodicAgent<>(config, source, stats, TopicWriter.forSource(ring, config.overflow(), clock,
                control::running, new TopicStats(), stats, 0), clock, control, new ErrorLog());
    }

    /** Advances the manual clock to each deadline (plus some lateness) and runs one cycle there. */
    private void tickOnTime(int periods, long latenessNanos) {
        for (int i = 0; i < periods; i++) {
            clock.advanceTo(agent.nextWakeNanos() + latenessNanos);
            assertEquals(1, agent.doWork(clock.nanoTime()));
        }
    }

    @Test
    void samplesOnAnAbsoluteTimelineWithoutDrift() {
        tickOnTime(1000, 30_000);
        // 30 µs late every time: the timeline does not move by the lateness (no drift).
        assertEquals(control.startNanos() + 1001 * MS, agent.nextWakeNanos());
        Histogram h = stats.lateness().sampleInterval();
        assertEquals(1000, h.getTotalCount());
        assertEquals(30_000, h.getValueAtPercentile(50), 30);
        assertEquals(1000, stats.samples.get());
        assertEquals(0, stats.missedPeriods.get());
    }

    @Test
    void aStallIsRecordedAsTheLatenessOfEverySampleItKept() {
        tickOnTime(100, 0);
        // A 50 ms stall: the reader wakes 50 ms after its deadline.
        clock.advanceTo(agent.nextWakeNanos() + 50 * MS);
        assertEquals(1, agent.doWork(clock.nanoTime()));
        tickOnTime(100, 0);

        Histogram h = stats.lateness().sampleInterval();
        long late = h.getTotalCount() - h.getCountBetweenValues(0, 0);
        // The stalled wake-up plus the 49 samples the stall kept from being taken: about 50, not one.
        assertEquals(50, late);
        assertEquals(50 * MS, h.getMaxValue(), 50 * MS / 1000.0);
        assertEquals(1 * MS, h.getMinNonZeroValue(), MS / 1000.0);
        assertEquals(50, stats.missedPeriods.get());
        // The timeline resumes at its next point after the stall, not 50 ms later than planned.
        assertEquals(0, (agent.nextWakeNanos() - control.startNanos()) % MS);
    }

    @Test
    void earlyWakeUpsAreNotSamplesAndLatenessIsNeverNegative() {
        tickOnTime(10, 0);
        long before = stats.samples.get();
        clock.advanceTo(agent.nextWakeNanos() - 100_000);
        assertEquals(0, agent.doWork(clock.nanoTime()));
        assertEquals(before, stats.samples.get());
        tickOnTime(10, 0);
        Histogram h = stats.lateness().sampleInterval();
        assertEquals(0, h.getMinValue());
    }

    @Test
    void sampleTimestampIsTheAcquisitionTimeAndTravelsWithTheSample() {
        var poller = ring.newGatingPoller("test");
        tickOnTime(3, 12_345);
        long[] acquired = new long[3];
        int[] n = {0};
        try {
            poller.poll((s, seq, end) -> {
                acquired[n[0]++] = s.originNanos;
                assertEquals((double) s.originNanos, s.message.gyroZ);
                assertEquals(Imu.class, s.message.getClass());
                return true;
            });
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertEquals(3, n[0]);
        assertEquals(control.startNanos() + MS + 12_345, acquired[0]);
        assertEquals(control.startNanos() + 3 * MS + 12_345, acquired[2]);
    }

    @Test
    void steadyStateAllocatesNothing() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        var poller = ring.newGatingPoller("test");
        ring.buffer();
        com.lmax.disruptor.EventPoller.Handler<Slot<Imu>> drain = (s, seq, end) -> true;
        Runnable cycle = () -> {
            for (int i = 0; i < 1000; i++) {
                clock.advanceTo(agent.nextWakeNanos() + 1_000 + (i % 7) * 10_000);
                agent.doWork(clock.nanoTime());
            }
            try {
                poller.poll(drain);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        };
        for (int i = 0; i < 200; i++) {
            cycle.run(); // warm-up: JIT compilation
        }
        long samplesBefore = stats.samples.get();
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 50; i++) {
            cycle.run();
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        long samples = stats.samples.get() - samplesBefore;
        // The smallest object is 16 bytes: any allocation per sample would show as >= 16 bytes per sample.
        // A one-off allocation (a JIT deoptimisation, measured here at 160 bytes once) is not per sample.
        assertTrue(allocated < samples, allocated + " bytes allocated by " + samples + " reader cycles after warm-up");
        assertTrue(stats.samples.get() >= 250_000);
    }
}
