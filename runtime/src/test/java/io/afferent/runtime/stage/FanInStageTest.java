package io.afferent.runtime.stage;

import io.afferent.api.Handler;
import io.afferent.api.Stage;
import io.afferent.api.msg.GpsFix;
import io.afferent.api.msg.Imu;
import io.afferent.config.ErrorPolicy;
import io.afferent.config.Overflow;
import io.afferent.config.WaitName;
import io.afferent.runtime.clock.ManualClock;
import io.afferent.runtime.thread.ErrorLog;
import io.afferent.runtime.thread.RunControl;
import io.afferent.runtime.timing.Counter;
import io.afferent.runtime.timing.LatencyRecorder;
import io.afferent.runtime.timing.SourceStats;
import io.afferent.runtime.topic.ChainTable;
import io.afferent.runtime.topic.Provenance;
import io.afferent.runtime.topic.Topic;
import io.afferent.runtime.topic.TopicStats;
import io.afferent.runtime.topic.TopicWriter;
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
    private final ChainTable chains = new ChainTable();
    private final Topic<Imu> a = new Topic<>("a", Imu.TYPE, "source a", 256, wakeup);
    private final Topic<GpsFix> b = new Topic<>("b", GpsFix.TYPE, "source b", 256, wakeup);
    private final TopicWriter<Imu> pubA = writer(a);
    private final TopicWriter<GpsFix> pubB = writer(b);
    private final List<String> seen = new ArrayList<>();
    private long serviceNanos;
    private final StageStats stats = new StageStats("s", 100_000, List.of("a", "b"));
    private final FanInStage stage;

    FanInStageTest() {
        Handler<Imu> onImu = (m, in) -> handled("IMU", in.sequence());
        Handler<GpsFix> onGps = (m, in) -> handled("GPS", in.sequence());
        stage = stage("s", new Stage() { }, stats, List.of(input(a, "s", stats, onImu), input(b, "s", stats, onGps)),
                wakeup, null);
    }

    private void handled(String kind, long sequence) {
        if (seen.size() < 10_000) {
            seen.add(kind + "#" + sequence);
        }
        clock.advanceNanos(serviceNanos);
    }

    private <M> TopicWriter<M> writer(Topic<M> topic) {
        return TopicWriter.forSource(topic, Overflow.DROP, clock, control::running, new TopicStats(),
                new SourceStats(topic.name(), 0), chains.root(topic.name()));
    }

    /** The input of stage {@code stageName} on {@code topic}, continuing the topic's chain through the stage. */
    private <M> StageInput<M> input(Topic<M> topic, String stageName, StageStats st, Handler<M> handler) {
        int[] next = new int[chains.size() + 1];
        java.util.Arrays.fill(next, -1);
        for (int c : chains.chainsOn(topic.name())) {
            next[c] = chains.extend(c, stageName);
        }
        Counter consumed = st.consumed(topic.name());
        LatencyRecorder e2e = st.endToEndByInput().get(topic.name());
        return new StageInput<>(topic, stageName, handler, consumed, e2e, next);
    }

    private FanInStage stage(String name, Stage processor, StageStats st, List<StageInput<?>> inputs, StageWakeup w,
                             java.util.function.LongConsumer heartbeat) {
        return new FanInStage(name, processor, st, inputs, new Provenance(), chains, true, clock, control,
                new ErrorLog(), ErrorPolicy.STOP, IdleStrategies.create(WaitName.BLOCK, w), w, heartbeat);
    }

    private static <M> void publish(TopicWriter<M> pub, long acquiredNanos) {
        pub.claim();
        pub.publish(acquiredNanos);
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
        Topic<Imu> first = new Topic<>("first", Imu.TYPE, "source first", 64, w);
        Topic<GpsFix> second = new Topic<>("second", GpsFix.TYPE, "source second", 64, w);
        TopicWriter<Imu> p1 = writer(first);
        TopicWriter<GpsFix> p2 = writer(second);
        StageStats hs = new StageStats("h", 100_000, List.of("first", "second"));
        FanInStage s = stage("h", new Stage() { }, hs, List.of(input(first, "h", hs, (m, in) -> { }),
                input(second, "h", hs, (m, in) -> { })), w, beats::add);
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
