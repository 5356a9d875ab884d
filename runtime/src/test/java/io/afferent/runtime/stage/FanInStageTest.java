package io.afferent.runtime.stage;

import io.afferent.config.ErrorPolicy;
import io.afferent.config.Overflow;
import io.afferent.config.WaitName;
import io.afferent.runtime.clock.ManualClock;
import io.afferent.runtime.ring.RingPublisher;
import io.afferent.runtime.ring.SampleRing;
import io.afferent.runtime.thread.ErrorLog;
import io.afferent.runtime.thread.RunControl;
import io.afferent.runtime.sample.Sample;
import io.afferent.runtime.sample.SampleKind;
import io.afferent.runtime.timing.SourceStats;
import io.afferent.runtime.wait.IdleStrategies;
import io.afferent.runtime.wait.StageWakeup;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stage driven step by step on the test thread, with a manual clock. */
class FanInStageTest {
    private final ManualClock clock = new ManualClock(0);
    private final RunControl control = new RunControl(0);
    private final StageWakeup wakeup = new StageWakeup();
    private final SampleRing a = new SampleRing("a", 0, SampleKind.IMU, 256, wakeup);
    private final SampleRing b = new SampleRing("b", 1, SampleKind.GPS, 256, wakeup);
    private final SourceStats statsA = new SourceStats("a", 0);
    private final SourceStats statsB = new SourceStats("b", 0);
    private final RingPublisher pubA = new RingPublisher(a, Overflow.DROP, clock, statsA, control::running);
    private final RingPublisher pubB = new RingPublisher(b, Overflow.DROP, clock, statsB, control::running);
    private final List<String> seen = new ArrayList<>();
    private long serviceNanos;
    private final StageStats stats = new StageStats("s", 100_000, List.of("a", "b"));
    private final FanInStage stage;

    FanInStageTest() {
        StageProcessor p = s -> {
            if (seen.size() < 10_000) {
                seen.add(s.kind + "#" + s.sequence);
            }
            clock.advanceNanos(serviceNanos);
            return true;
        };
        stage = new FanInStage("s", p, stats, List.of(a, b), clock, control, new ErrorLog(), ErrorPolicy.STOP,
                IdleStrategies.create(WaitName.BLOCK, wakeup), wakeup, null);
    }

    private static void publish(RingPublisher pub, long acquiredNanos) {
        Sample s = pub.claim();
        s.acquiredNanos = acquiredNanos;
        pub.publish();
    }

    @Test
    void measuresQueueServiceAndEndToEndAgainstTheSampleTimestamps() throws Exception {
        clock.advanceTo(1_000_000);
        publish(pubA, 900_000);            // acquired 100 µs before publication
        clock.advanceNanos(50_000);        // waits 50 µs in the ring
        serviceNanos = 150_000;            // over the 100 µs budget
        assertEquals(1, stage.pollAll());
        assertEquals(50_000, stats.queue().sampleInterval().getMaxValue(), 50);
        assertEquals(150_000, stats.service().sampleInterval().getMaxValue(), 150);
        assertEquals(300_000, stats.endToEndByInput().get("a").sampleInterval().getMaxValue(), 300);
        assertEquals(1, stats.deadlineMisses.get());
        assertEquals(1, stats.consumed("a").get());
    }

    @Test
    void pollsInputsRoundRobinSoABurstCannotStarveAnother() throws Exception {
        for (int i = 0; i < 200; i++) publish(pubA, 0);
        publish(pubB, 0);
        stage.pollAll();
        // One batch from a (at most BATCH_LIMIT), then b, before the rest of a.
        assertEquals(FanInStage.BATCH_LIMIT + 1, seen.size());
        assertEquals("GPS#0", seen.getLast());
        while (stage.pollAll() > 0) {
            // drain
        }
        assertEquals(201, stats.events.get());
        assertTrue(!stage.hasPending());
    }

    @Test
    void drainsThenReturnsOnceInputsAreClosed() throws Exception {
        for (int i = 0; i < 100; i++) publish(pubA, 0);
        stage.inputsClosed();
        stage.run();
        assertEquals(100, stats.consumed("a").get());
        assertEquals(0, stage.unconsumed());
    }

    @Test
    void theHeartbeatBeatsOncePerSampleOfTheFirstInput() throws Exception {
        List<Long> beats = new ArrayList<>();
        StageWakeup w = new StageWakeup();
        SampleRing first = new SampleRing("first", 0, SampleKind.IMU, 64, w);
        SampleRing second = new SampleRing("second", 1, SampleKind.GPS, 64, w);
        RingPublisher p1 = new RingPublisher(first, Overflow.DROP, clock, new SourceStats("first", 0), control::running);
        RingPublisher p2 = new RingPublisher(second, Overflow.DROP, clock, new SourceStats("second", 0), control::running);
        FanInStage s = new FanInStage("h", sample -> true, new StageStats("h", 100_000, List.of("first", "second")),
                List.of(first, second), clock, control, new ErrorLog(), ErrorPolicy.STOP,
                IdleStrategies.create(WaitName.BLOCK, w), w, beats::add);
        for (int i = 0; i < 5; i++) {
            clock.advanceNanos(1_000_000);
            publish(p1, clock.nanoTime());
            publish(p2, clock.nanoTime());
        }
        while (s.pollAll() > 0) {
        }
        assertEquals(5, beats.size(), "one beat per sample of the first input, none for the others");
        assertEquals(clock.nanoTime(), beats.getLast());
    }

    @Test
    void steadyStateAllocatesNothing() throws Exception {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        seen.clear();
        for (int i = 0; i < 10_000; i++) seen.add("x"); // stop the test processor from recording
        for (int round = 0; round < 2_000; round++) {
            for (int i = 0; i < 50; i++) { publish(pubA, i); publish(pubB, i); }
            while (stage.pollAll() > 0) { }
        }
        long eventsBefore = stats.events.get();
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int round = 0; round < 500; round++) {
            for (int i = 0; i < 50; i++) { publish(pubA, i); publish(pubB, i); }
            while (stage.pollAll() > 0) { }
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        long events = stats.events.get() - eventsBefore;
        assertEquals(50_000, events);
        // Publishing and consuming both ran on this thread: any object per sample would be >= 16 bytes each.
        assertTrue(allocated < events, allocated + " bytes allocated for " + events + " samples");
    }
}
