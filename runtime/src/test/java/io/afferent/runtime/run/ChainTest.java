package io.afferent.runtime.run;

import io.afferent.api.ConfigError;
import io.afferent.api.Input;
import io.afferent.api.Output;
import io.afferent.api.PeriodicSource;
import io.afferent.api.Sink;
import io.afferent.api.Stage;
import io.afferent.api.StageSetup;
import io.afferent.api.StageType;
import io.afferent.runtime.report.RunReport;
import io.afferent.runtime.testing.Alarm;
import io.afferent.runtime.testing.Battery;
import io.afferent.runtime.testing.Power;
import io.afferent.runtime.testing.TestRuns;
import io.afferent.config.ReportConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A user's message types through a chain of three user stages, each publishing the next typed topic
 * ({@code battery → scale → filter → alarm}), with a deliberately slow lagging sink at the end, on real threads for
 * nine seconds: no allocation per message after warm-up on any thread, exact accounting on every topic, values and
 * origins intact end to end, the chain's latency reported at each hop. Assertions are on counts and values only.
 */
class ChainTest {
    private static final long S = 1_000_000_000L;
    private static final double LIMIT_W = 30;

    /** Source type {@code battery-sim}: sample n as {@link Battery#fill} describes it. */
    static final class BatterySource implements PeriodicSource<Battery> {
        volatile long samples;

        @Override
        public boolean sample(long acquiredNanos, Battery out) {
            Battery.fill(samples, acquiredNanos, out);
            samples++; // single writer: the reader thread
            return true;
        }
    }

    /** What every stage of the chain counts (single writer: its stage thread; the test reads). */
    abstract static class Counted implements Stage {
        volatile long handled;
        volatile long originMismatches;

        final void seen(Input in, long sampledNanos) {
            handled++;
            if (in.originNanos() != sampledNanos) {
                originMismatches++;
            }
        }
    }

    /** Stage type {@code scale}: battery → power. */
    static final class Scale extends Counted {
        Scale(StageSetup setup) throws ConfigError {
            Output<Power> out = setup.output("power", Power.TYPE);
            setup.subscribe(setup.inputs().getFirst()).on(Battery.TYPE, (b, in) -> {
                seen(in, b.sampledNanos);
                Power p = out.claim();
                p.sampleIndex = b.sampleIndex;
                p.sampledNanos = b.sampledNanos;
                p.watts = b.voltageV * b.currentA;
                for (int i = 0; i < p.cellMv.length; i++) {
                    p.cellMv[i] = b.cellV[i] * 1000;
                }
                p.temperatureK = b.health.temperatureC + 273.15;
                out.publish();
            });
        }
    }

    /** Stage type {@code filter}: passes on the power samples whose index is not 3 modulo 4. */
    static final class Filter extends Counted {
        volatile long passed;

        Filter(StageSetup setup) throws ConfigError {
            Output<Power> out = setup.output("power_filtered", Power.TYPE);
            setup.subscribe(setup.inputs().getFirst()).on(Power.TYPE, (p, in) -> {
                seen(in, p.sampledNanos);
                if (p.sampleIndex % 4 == 3) {
                    return;
                }
                Power.TYPE.copy(p, out.claim());
                out.publish();
                passed++;
            });
        }
    }

    /** Stage type {@code alarm}: power → alarm against a 30 W limit. */
    static final class AlarmStage extends Counted {
        AlarmStage(StageSetup setup) throws ConfigError {
            Output<Alarm> out = setup.output("alarms", Alarm.TYPE);
            setup.subscribe(setup.inputs().getFirst()).on(Power.TYPE, (p, in) -> {
                seen(in, p.sampledNanos);
                Alarm a = out.claim();
                a.sampleIndex = p.sampleIndex;
                a.sampledNanos = p.sampledNanos;
                a.overPower = p.watts > LIMIT_W;
                a.marginW = LIMIT_W - p.watts;
                a.cellSpreadMv = p.cellMv[p.cellMv.length - 1] - p.cellMv[0];
                out.publish();
            });
        }
    }

    /**
     * A recorder-like lagging sink on {@code alarms} that takes at least 1 ms per message (the topic carries 1,500/s):
     * it must lose messages, and each it gets must be exactly what the chain computes from the sample's index, with the
     * sample's acquisition time as origin. Single writer: the sink thread.
     */
    static final class SlowChecker implements Sink<Alarm> {
        volatile long handled;
        volatile long badValues;
        volatile long badOrigins;
        volatile long filteredOutSeen;
        volatile long overPower;
        volatile long sequenceGaps;
        volatile long lastSequence = -1;

        @Override
        public void onMessage(Alarm a, Input in) {
            handled++;
            long n = a.sampleIndex;
            double voltageV = 12.0 + (n % 100) * 0.01;
            double watts = voltageV * (2.0 + (n % 10) * 0.1);
            double spreadMv = (voltageV / 4 + 3 * 0.001) * 1000 - (voltageV / 4 + 0 * 0.001) * 1000;
            if (a.overPower != watts > LIMIT_W || a.marginW != LIMIT_W - watts || a.cellSpreadMv != spreadMv) {
                badValues++;
            }
            if (a.overPower) {
                overPower++;
            }
            if (n % 4 == 3) {
                filteredOutSeen++;
            }
            if (in.originNanos() != a.sampledNanos) {
                badOrigins++;
            }
            long seq = in.sequence();
            sequenceGaps += seq - lastSequence - 1;
            lastSequence = seq;
            long until = System.nanoTime() + 1_000_000;
            for (long now = System.nanoTime(); now < until; now = System.nanoTime()) {
                LockSupport.parkNanos(until - now);
            }
        }
    }

    private final BatterySource source = new BatterySource();
    private Scale scale;
    private Filter filter;
    private AlarmStage alarm;
    private final SlowChecker checker = new SlowChecker();

    @Test
    void threeUserStagesChainTypedTopicsWithoutAllocationAndWithExactAccounting() throws Exception {
        TestRuns runs = TestRuns.create()
                .periodicType("battery-sim", Battery.TYPE)
                .source("battery", source)
                .stageType(StageType.of("scale", s -> scale = new Scale(s)).output("power", Power.TYPE))
                .stageType(StageType.of("filter", s -> filter = new Filter(s)).output("power_filtered", Power.TYPE))
                .stageType(StageType.of("alarm", s -> alarm = new AlarmStage(s)).output("alarms", Alarm.TYPE))
                .extension("recorder", x -> x.sink("recorder", "alarms", Alarm.TYPE, checker));
        Pipeline pipeline = runs.pipeline("""
                sources:
                  battery: {type: battery-sim, rate_hz: 2000, ring_size: 1024}
                stages:
                  scale: {type: scale, inputs: [battery], deadline_us: 5000}
                  filter: {type: filter, inputs: [power], deadline_us: 5000}
                  alarm: {type: alarm, inputs: [power_filtered], deadline_us: 5000, output_ring_size: 64}
                """);
        FutureTask<RunReport> run = new FutureTask<>(() -> pipeline.run(9 * S));
        new Thread(run, "test-run").start();
        assertTrue(pipeline.control().awaitTimeline(), "the timeline started");
        long start = pipeline.control().startNanos();

        Map<String, LongSupplier> handledBy = new LinkedHashMap<>();
        handledBy.put("reader-battery", () -> source.samples);
        handledBy.put("stage-scale", () -> scale.handled);
        handledBy.put("stage-filter", () -> filter.handled);
        handledBy.put("stage-alarm", () -> alarm.handled);
        handledBy.put("sink-recorder", () -> checker.handled);
        Map<String, Thread> threads = threadsNamed(handledBy.keySet());
        // The reporter marks the warm-up at its first tick 3 s or more into the timeline: by 5 s it has.
        sleepUntil(start + 5 * S);
        Map<String, long[]> atFive = snapshot(threads, handledBy);
        sleepUntil(start + 8_500_000_000L);
        Map<String, long[]> atEightAndAHalf = snapshot(threads, handledBy);
        RunReport r = run.get(60, TimeUnit.SECONDS);
        assertEquals(0, r.exitCode(), r.stopReason());

        for (String t : handledBy.keySet()) {
            long bytes = atEightAndAHalf.get(t)[0] - atFive.get(t)[0];
            long messages = atEightAndAHalf.get(t)[1] - atFive.get(t)[1];
            long afterWarmup = r.threads().get(t).allocatedAfterWarmupBytes();
            long messagesAfterFive = handledBy.get(t).getAsLong() - atFive.get(t)[1];
            System.out.printf("%-15s steady state: %d bytes allocated for %d messages; report, after warm-up: %d bytes"
                    + " (%d messages from 5 s to the end)%n", t, bytes, messages, afterWarmup, messagesAfterFive);
            assertTrue(messages > 1000, t + " handled " + messages + " messages in 3.5 s of steady state");
            assertTrue(bytes < messages, t + ": " + bytes + " bytes allocated for " + messages + " messages");
            assertTrue(afterWarmup >= 0 && afterWarmup < messagesAfterFive,
                    t + ": report says " + afterWarmup + " bytes after warm-up, for " + messagesAfterFive + " messages");
        }
        System.out.printf("reporter: %d bytes after warm-up; source battery: %d samples, %d missed periods%n",
                r.threads().get("reporter").allocatedAfterWarmupBytes(), r.sources().get("battery").samples(),
                r.sources().get("battery").missedPeriods());

        // Exact accounting, per topic and per subscriber.
        RunReport.TopicReport battery = r.topics().get("battery");
        RunReport.TopicReport power = r.topics().get("power");
        RunReport.TopicReport filtered = r.topics().get("power_filtered");
        RunReport.TopicReport alarms = r.topics().get("alarms");
        assertEquals(List.of("battery", "power", "power_filtered", "alarms"), List.copyOf(r.topics().keySet()));
        assertEquals("battery", battery.type());
        assertEquals("power", filtered.type());
        assertEquals("alarm", alarms.type());
        assertEquals("stage alarm", alarms.publisher());
        assertEquals(64, alarms.ringSize());
        assertEquals(source.samples, battery.published());
        assertEquals(scale.handled, power.published(), "scale publishes one power sample per battery sample");
        assertEquals(filter.passed, filtered.published());
        assertEquals(alarm.handled, alarms.published());
        for (Map.Entry<String, RunReport.TopicReport> e : r.topics().entrySet()) {
            RunReport.TopicReport t = e.getValue();
            assertEquals(1, t.subscribers().size());
            RunReport.SubscriberReport sub = t.subscribers().getFirst();
            if (sub.kind().equals("stage")) {
                assertEquals(t.published() - t.dropped(), sub.consumed(),
                        sub.name() + " consumes all that entered topic " + e.getKey());
                assertEquals(0, sub.dropped());
            } else {
                assertEquals(t.published() - t.dropped(), sub.consumed() + sub.dropped(),
                        sub.name() + "'s loss on topic " + e.getKey() + " is counted");
            }
        }
        assertEquals(battery.published() - battery.dropped(), scale.handled);
        assertEquals(power.published() - power.dropped(), filter.handled);
        assertEquals(filtered.published() - filtered.dropped(), alarm.handled);
        assertEquals("stage scale", battery.subscribers().getFirst().name());
        RunReport.SubscriberReport recorder = alarms.subscribers().getFirst();
        assertEquals("sink recorder", recorder.name());
        assertEquals("sink", recorder.kind());
        assertEquals(0, alarms.dropped(), "a topic with only lagging subscribers is never full");
        assertTrue(recorder.dropped() > 0, "a sink taking 1 ms per message behind 1,500 messages/s loses some");
        assertEquals(checker.handled, recorder.consumed());
        assertEquals(recorder.dropped(), checker.sequenceGaps, "the sink's loss is exactly the gaps it saw");
        assertEquals(alarms.published() - 1, checker.lastSequence, "the sink read up to the last message");

        // Values and origins, end to end.
        assertEquals(0, scale.originMismatches + filter.originMismatches + alarm.originMismatches,
                "every stage saw the sample's acquisition time as origin");
        assertEquals(0, checker.badOrigins, "the alarms' origin is the battery sample's acquisition time");
        assertEquals(0, checker.badValues, "every alarm is what the chain computes from its sample");
        assertEquals(0, checker.filteredOutSeen, "the filter's rejects never reached the end");
        assertTrue(checker.overPower > 0 && checker.overPower < checker.handled, "both alarm outcomes occurred");
        if (battery.dropped() == 0 && power.dropped() == 0) { // then the filter saw samples 0..n-1, in order
            assertEquals(filter.handled - filter.handled / 4, filter.passed, "one sample in four filtered out");
        } else {
            System.out.printf("upstream drops: battery %d, power %d%n", battery.dropped(), power.dropped());
        }

        // The chain, with its latency at every hop.
        assertEquals(1, r.chains().size());
        RunReport.ChainReport chain = r.chains().getFirst();
        assertEquals("battery \u2192 scale \u2192 filter \u2192 alarm", chain.path());
        assertEquals("battery", chain.source());
        assertEquals(List.of("scale", "filter", "alarm"), chain.hops().stream().map(RunReport.Hop::stage).toList());
        assertEquals(scale.handled, chain.hops().get(0).latency().count());
        assertEquals(filter.handled, chain.hops().get(1).latency().count());
        assertEquals(alarm.handled, chain.hops().get(2).latency().count());
        assertEquals(alarm.handled, chain.endToEnd().count());
        System.out.printf("chain %s: p50 %s µs at scale, %s µs at filter, %s µs at alarm (sensor to last stage)%n",
                chain.path(), chain.hops().get(0).latency().p50Us(), chain.hops().get(1).latency().p50Us(),
                chain.endToEnd().p50Us());
    }

    @Test
    void chainLatenciesGoToTheHlogAndSummaryJson(@TempDir Path dir) throws Exception {
        RunReport r = TestRuns.create()
                .periodicType("battery-sim", Battery.TYPE)
                .source("battery", new BatterySource())
                .stageType(StageType.of("scale", Scale::new).output("power", Power.TYPE))
                .report(new ReportConfig(dir, 100_000_000L, ReportConfig.StatusMode.OFF, true, false), dir)
                .pipeline("""
                        sources:
                          battery: {type: battery-sim, rate_hz: 1000}
                        stages:
                          scale: {type: scale, inputs: [battery], deadline_us: 5000}
                          counter: {type: count, inputs: [power], deadline_us: 5000}
                        """).run(1_000_000_000L);
        assertEquals(0, r.exitCode(), r.stopReason());
        assertTrue(r.hlogTags().containsAll(List.of("chain.battery->scale", "chain.battery->scale->counter")),
                r.hlogTags().toString());
        java.util.Set<String> tags = new java.util.HashSet<>();
        long chainValues = 0;
        var reader = new org.HdrHistogram.HistogramLogReader(dir.resolve("timing.hlog").toFile());
        for (var h = reader.nextIntervalHistogram(); h != null; h = reader.nextIntervalHistogram()) {
            tags.add(h.getTag());
            if ("chain.battery->scale->counter".equals(h.getTag())) {
                chainValues += ((org.HdrHistogram.AbstractHistogram) h).getTotalCount();
            }
        }
        assertTrue(tags.contains("chain.battery->scale"), tags.toString());
        long counted = r.stages().get("counter").events();
        assertEquals(counted, chainValues, "every message the chain's last stage handled is in the log");
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(dir.resolve("summary.json").toFile());
        var chain = json.get("chains").get(0);
        assertEquals("battery \u2192 scale \u2192 counter", chain.get("path").asText());
        assertEquals(counted, chain.get("end_to_end_us").get("count").asLong());
        assertEquals(2, chain.get("hops").size());
    }

    private static Map<String, Thread> threadsNamed(Iterable<String> names) {
        Map<String, Thread> byName = new LinkedHashMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            byName.put(t.getName(), t);
        }
        Map<String, Thread> out = new LinkedHashMap<>();
        for (String n : names) {
            Thread t = byName.get(n);
            assertTrue(t != null, "thread " + n + " is running (threads: " + byName.keySet() + ")");
            out.put(n, t);
        }
        return out;
    }

    /** Per thread: bytes it allocated so far, messages it handled so far. */
    private static Map<String, long[]> snapshot(Map<String, Thread> threads, Map<String, LongSupplier> handled) {
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Map<String, long[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, Thread> e : threads.entrySet()) {
            out.put(e.getKey(), new long[]{mx.getThreadAllocatedBytes(e.getValue().threadId()),
                    handled.get(e.getKey()).getAsLong()});
        }
        return out;
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        for (long now = System.nanoTime(); now < nanos; now = System.nanoTime()) {
            Thread.sleep(Math.max(1, (nanos - now) / 1_000_000));
        }
    }
}
