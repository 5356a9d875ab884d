package io.afferent.sim;

import io.afferent.api.Clock;
import io.afferent.sim.run.VirtualRun;
import io.afferent.sim.sensor.SimSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The same seed gives the same sensor outputs whether samples are taken in real time or in virtual time. */
class RealAndVirtualTimeTest {
    private static final String PROFILE = """
            sim:
              seed: 99
              course: {type: random, speed_mps: 1.0, duration: 10m}
            sources:
              imu:
                type: sim-imu
                rate_hz: 1000
                params:
                  faults:
                    - {type: stuck, at: 100ms, duration: 30ms}
                    - {type: latency, at: 200ms, duration: 50ms, delay: 20ms}
                    - {type: dropout, every: 150ms, duration: 10ms}
              wheels:
                type: sim-wheels
                rate_hz: 200
              gps:
                type: sim-gps
                rate_hz: 10
                params: {outage_per_hour: 600, multipath_per_min: 30}
              range:
                type: sim-range
                rate_hz: 20
            stages:
              f:
                type: fusion
                deadline_us: 1000
                inputs: [imu, wheels, gps, range]
            """;

    /** Virtual outputs by source name and index. */
    private static Map<String, Map<Long, double[]>> virtual(long originNanos, long durationNanos) throws Exception {
        var b = TestWorlds.build(PROFILE, originNanos);
        Map<String, Map<Long, double[]>> out = new HashMap<>();
        new VirtualRun(b.sources()).runFor(durationNanos, (i, s, m, t) ->
                out.computeIfAbsent(s.name(), k -> new HashMap<>()).put(s.indexAt(t), TestWorlds.payload(m)));
        return out;
    }

    @Test
    void jitteredAndSkippedReadsGiveTheVirtualOutputForEachIndex() throws Exception {
        long origin = 5_000_000_000L;
        var expected = virtual(origin, 3_000_000_000L);
        var b = TestWorlds.build(PROFILE, origin);
        SplittableRandom jitter = new SplittableRandom(1);
        int compared = 0;
        for (SimSource<?> src : b.sources()) {
            long period = src.periodNanos();
            for (long k = 1; k * period <= 3_000_000_000L; k++) {
                if (jitter.nextInt(10) == 0) {
                    continue; // a missed period: the reader skips it
                }
                long acquired = origin + k * period + jitter.nextLong(period); // late, but within the period
                Object s = TestWorlds.sample(src, acquired);
                assertEquals(k, src.indexAt(acquired));
                assertArrayEquals(expected.get(src.name()).get(k), TestWorlds.payload(s), src.name() + " #" + k);
                compared++;
            }
        }
        assertTrue(compared > 2500);
    }

    @Test
    void advancingBeforeTheTimelineLeavesEveryLaterOutputUnchanged() throws Exception {
        long origin = 1_000_000_000L;
        var expected = virtual(origin, 2_000_000_000L);
        var b = TestWorlds.build(PROFILE, origin);
        int compared = 0;
        for (SimSource<?> src : b.sources()) {
            long period = src.periodNanos();
            // The reader opened 0.43 s into the world, then the timeline started 0.57 s in: the source
            // steps its models to just before the first deadline, off the timeline.
            src.advanceTo(origin + 430_000_000L);
            long firstDeadline = origin + 570_000_000L + period;
            src.advanceTo(firstDeadline);
            src.advanceTo(firstDeadline - period); // earlier times are no-ops
            for (long t = firstDeadline; t - origin <= 2_000_000_000L; t += period) {
                Object s = TestWorlds.sample(src, t);
                long k = src.indexAt(t);
                assertArrayEquals(expected.get(src.name()).get(k), TestWorlds.payload(s), src.name() + " #" + k);
                compared++;
            }
        }
        assertTrue(compared > 1500, "compared " + compared);
        var v = TestWorlds.build(PROFILE, origin);
        new VirtualRun(v.sources()).runFor(2_000_000_000L, (i, src, m, t) -> { });
        assertEquals(v.factory().faultLog().entries(), b.factory().faultLog().entries(),
                "faults before the timeline are logged as they would have been");
    }

    @Test
    void readerThreadsOnTheMonotonicClockGiveTheVirtualOutput() throws Exception {
        Clock clock = System::nanoTime;
        long origin = clock.nanoTime();
        var b = TestWorlds.build(PROFILE, origin);
        long runNanos = 400_000_000L;
        List<Thread> readers = new ArrayList<>();
        Map<String, List<Object[]>> got = new HashMap<>();
        for (SimSource<?> src : b.sources()) {
            List<Object[]> mine = new ArrayList<>();
            got.put(src.name(), mine);
            readers.add(Thread.ofPlatform().name("reader-" + src.name()).start(() -> {
                for (long deadline = origin + src.periodNanos(); deadline - origin <= runNanos; deadline += src.periodNanos()) {
                    while (clock.nanoTime() - deadline < 0) {
                        LockSupport.parkNanos(deadline - clock.nanoTime());
                    }
                    long acquired = clock.nanoTime();
                    Object s = TestWorlds.sample(src, acquired);
                    mine.add(new Object[]{src.indexAt(acquired), TestWorlds.payload(s)});
                }
            }));
        }
        for (Thread t : readers) {
            t.join();
        }
        // Whatever the scheduler did (late wake-ups, skipped periods), each index read equals the virtual one.
        var expected = virtual(origin, runNanos + 2_000_000_000L);
        int compared = 0;
        for (var e : got.entrySet()) {
            for (Object[] r : e.getValue()) {
                assertArrayEquals(expected.get(e.getKey()).get((Long) r[0]), (double[]) r[1], e.getKey() + " #" + r[0]);
                compared++;
            }
        }
        assertTrue(compared > 100, "compared " + compared);
    }

    @Test
    void faultLogIsTheSameInRealAndVirtualTime() throws Exception {
        var v = TestWorlds.build(PROFILE, 0);
        new VirtualRun(v.sources()).runFor(1_000_000_000L, (i, s, m, t) -> { });
        var r = TestWorlds.build(PROFILE, 0);
        SimSource<?> imu = r.source("imu");
        for (long t = 0; t <= 1_000_000_000L; t += 3_700_000L) { // a slow, irregular reader
            TestWorlds.sample(imu, t);
        }
        TestWorlds.sample(imu, 1_000_000_000L);
        assertEquals(v.factory().faultLog().entries().stream().filter(e -> e.sensor().equals("imu")).toList(),
                r.factory().faultLog().entries());
        assertTrue(r.factory().faultLog().size() >= 4);
    }
}
