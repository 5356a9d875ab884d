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

    /** A source that holds {@code held} samples and fills each with the time it is asked for; records that time. */
    private static final class HoldingSource implements PeriodicSource<Imu> {
        final int held;
        long lastAskedNanos = Long.MIN_VALUE;
        /** Asked-for times for which it has nothing (sample() returns false). */
        long emptyFrom = Long.MAX_VALUE, emptyTo = Long.MIN_VALUE;

        HoldingSource(int held) {
            this.held = held;
        }

        @Override
        public int heldSamples() {
            return held;
        }

        @Override
        public boolean sample(long acquiredNanos, Imu out) {
            assertTrue(acquiredNanos > lastAskedNanos, "times only increase");
            lastAskedNanos = acquiredNanos;
            out.gyroZ = acquiredNanos;
            return acquiredNanos < emptyFrom || acquiredNanos >= emptyTo;
        }
    }

    /** An agent over {@code src} with its own topic and stats, the timeline started with the test's control. */
    private record Held(PeriodicAgent<Imu> agent, SourceStats stats, com.lmax.disruptor.EventPoller<Slot<Imu>> poller) {
        long[] origins() {
            long[] out = new long[16384];
            int[] n = {0};
            try {
                poller.poll((s, seq, end) -> {
                    assertEquals((double) s.originNanos, s.message.gyroZ, "the sample is the one of its own time");
                    out[n[0]++] = s.originNanos;
                    return true;
                });
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            return java.util.Arrays.copyOf(out, n[0]);
        }
    }

    private Held held(PeriodicSource<Imu> src) {
        SourceStats st = new SourceStats("imu", config.periodNanos());
        Topic<Imu> topic = new Topic<>("imu", Imu.TYPE, "source imu", config.ringSize(), new StageWakeup());
        var poller = topic.newGatingPoller("stage s");
        PeriodicAgent<Imu> a = new PeriodicAgent<>(config, src, st, TopicWriter.forSource(topic, config.overflow(),
                clock, control::running, new TopicStats(), st, 0), clock, control, new ErrorLog());
        a.openBeforeStart(clock.nanoTime());
        return new Held(a, st, poller);
    }

    private void tick(PeriodicAgent<Imu> a, int periods, long latenessNanos) {
        for (int i = 0; i < periods; i++) {
            clock.advanceTo(a.nextWakeNanos() + latenessNanos);
            assertEquals(1, a.doWork(clock.nanoTime()));
        }
    }

    @Test
    void aSourceThatHoldsItsSamplesIsCaughtUpAfterAStallEachSampleWithItsOwnTime() {
        Held h = held(new HoldingSource(Integer.MAX_VALUE));
        long start = control.startNanos();
        tick(h.agent(), 100, 20_000);
        // A 50.3 ms stall: the reader wakes 50.3 ms after the deadline start + 101 ms.
        clock.advanceTo(h.agent().nextWakeNanos() + 50 * MS + 300_000);
        assertEquals(51, h.agent().doWork(clock.nanoTime()));
        tick(h.agent(), 100, 20_000);

        long[] t = h.origins();
        assertEquals(251, t.length);
        assertEquals(251, h.stats().samples.get());
        assertEquals(50, h.stats().caughtUp.get());
        assertEquals(0, h.stats().missedPeriods.get());
        // One sample per point of the timeline, none skipped: the caught-up ones exactly at their points,
        // the one of the wake-up at its clock reading, 0.3 ms after its point.
        for (int k = 0; k < 50; k++) {
            assertEquals(start + (101 + k) * MS, t[100 + k], "caught-up sample " + k);
        }
        assertEquals(start + 151 * MS + 300_000, t[150]);
        assertEquals(start + 152 * MS + 20_000, t[151]);
        for (int i = 1; i < t.length; i++) {
            assertTrue(t[i] - t[i - 1] > 0 && t[i] - t[i - 1] < 2 * MS, "gap before sample " + i);
        }
        // Lateness once per timeline point, each as late as the wake-up that delivered it: 50.3 ms down to 1.3 ms
        // for the caught-up ones, 0.3 ms for the one taken at the wake-up.
        Histogram lat = h.stats().lateness().sampleInterval();
        assertEquals(251, lat.getTotalCount());
        assertEquals(50, lat.getCountBetweenValues(MS, 60 * MS));
        assertEquals(50 * MS + 300_000, lat.getMaxValue(), 50 * MS / 1000.0);
        assertEquals(1, lat.getCountBetweenValues(299_000, 301_000));
        // The timeline resumes at its next point.
        assertEquals(start + 252 * MS, h.agent().nextWakeNanos());
    }

    @Test
    void catchUpIsBoundedByWhatTheSourceHoldsAndTheOlderPeriodsAreMissed() {
        Held h = held(new HoldingSource(20));
        long start = control.startNanos();
        tick(h.agent(), 10, 0);
        clock.advanceTo(h.agent().nextWakeNanos() + 50 * MS);
        assertEquals(21, h.agent().doWork(clock.nanoTime()));
        long[] t = h.origins();
        assertEquals(31, t.length);
        // Points start + 11..60 ms were missed at the wake-up (start + 61 ms): the newest 20 are delivered.
        assertEquals(start + 41 * MS, t[10]);
        assertEquals(start + 60 * MS, t[29]);
        assertEquals(start + 61 * MS, t[30]);
        assertEquals(20, h.stats().caughtUp.get());
        assertEquals(30, h.stats().missedPeriods.get());
        // The skipped ones are still recorded as late as they would have been (coordinated omission).
        assertEquals(61, h.stats().lateness().sampleInterval().getTotalCount());
    }

    @Test
    void catchUpIsBoundedToTwoSecondsOfSamples() {
        Held h = held(new HoldingSource(Integer.MAX_VALUE));
        tick(h.agent(), 10, 0);
        clock.advanceTo(h.agent().nextWakeNanos() + 3_000 * MS);
        assertEquals(2001, h.agent().doWork(clock.nanoTime()));
        assertEquals(2000, h.stats().caughtUp.get());
        assertEquals(1000, h.stats().missedPeriods.get());
        long[] t = h.origins();
        assertEquals(control.startNanos() + 3_011 * MS, t[t.length - 1]);
        assertEquals(control.startNanos() + 1_011 * MS, t[t.length - 2001]);
    }

    @Test
    void catchUpIsBoundedToHalfTheRing() {
        SourceConfig small = Profiles.load("""
                sources:
                  imu: {type: periodic, rate_hz: 1000, ring_size: 64}
                stages:
                  s: {type: test, inputs: [imu], deadline_us: 100}
                """).sources().getFirst();
        SourceStats st = new SourceStats("imu", small.periodNanos());
        Topic<Imu> topic = new Topic<>("imu", Imu.TYPE, "source imu", small.ringSize(), new StageWakeup());
        topic.newGatingPoller("stage s");
        PeriodicAgent<Imu> a = new PeriodicAgent<>(small, new HoldingSource(Integer.MAX_VALUE), st,
                TopicWriter.forSource(topic, small.overflow(), clock, control::running, new TopicStats(), st, 0),
                clock, control, new ErrorLog());
        a.openBeforeStart(clock.nanoTime());
        tick(a, 10, 0);
        clock.advanceTo(a.nextWakeNanos() + 100 * MS);
        assertEquals(33, a.doWork(clock.nanoTime()));
        assertEquals(32, st.caughtUp.get());
        assertEquals(68, st.missedPeriods.get());
        assertEquals(0, st.dropped.get());
    }

    @Test
    void aCaughtUpPeriodWithNothingToPublishIsNotCounted() {
        HoldingSource src = new HoldingSource(Integer.MAX_VALUE);
        Held h = held(src);
        long start = control.startNanos();
        src.emptyFrom = start + 20 * MS;
        src.emptyTo = start + 30 * MS;
        tick(h.agent(), 10, 0);
        clock.advanceTo(h.agent().nextWakeNanos() + 40 * MS);
        assertEquals(31, h.agent().doWork(clock.nanoTime()));
        assertEquals(30, h.stats().caughtUp.get());
        assertEquals(41, h.stats().samples.get());
        assertEquals(41, h.origins().length);
    }

    @Test
    void aSourceThatHoldsNothingStillSkipsWhatItMissed() {
        tickOnTime(10, 0);
        clock.advanceTo(agent.nextWakeNanos() + 40 * MS);
        assertEquals(1, agent.doWork(clock.nanoTime()));
        assertEquals(0, stats.caughtUp.get());
        assertEquals(40, stats.missedPeriods.get());
    }

    @Test
    void catchingUpAllocatesNothing() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Held h = held(new HoldingSource(Integer.MAX_VALUE));
        com.lmax.disruptor.EventPoller.Handler<Slot<Imu>> drain = (s, seq, end) -> true;
        Runnable cycle = () -> {
            for (int i = 0; i < 100; i++) {
                // Every tenth wake-up 5.5 ms late: five periods caught up.
                clock.advanceTo(h.agent().nextWakeNanos() + (i % 10 == 9 ? 5 * MS + 500_000 : 20_000));
                h.agent().doWork(clock.nanoTime());
            }
            try {
                h.poller().poll(drain);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        };
        for (int i = 0; i < 2000; i++) {
            cycle.run();
        }
        long samplesBefore = h.stats().samples.get();
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 500; i++) {
            cycle.run();
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        long samples = h.stats().samples.get() - samplesBefore;
        assertTrue(h.stats().caughtUp.get() >= 100_000);
        assertTrue(allocated < samples, allocated + " bytes allocated by " + samples + " samples after warm-up");
    }
}
