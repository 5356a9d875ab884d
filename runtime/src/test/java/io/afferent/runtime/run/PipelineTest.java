package io.afferent.runtime.run;

import io.afferent.api.Handler;
import io.afferent.api.Input;
import io.afferent.api.PeriodicSource;
import io.afferent.api.Source;
import io.afferent.api.SourceContext;
import io.afferent.api.Stage;
import io.afferent.api.StreamOutput;
import io.afferent.api.StreamSource;
import io.afferent.api.msg.GpsFix;
import io.afferent.api.msg.Imu;
import io.afferent.runtime.report.RunReport;
import io.afferent.runtime.testing.TestRuns;
import io.afferent.runtime.thread.Log;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Whole pipelines with real threads; assertions are on counts and outcomes, never on timings. */
class PipelineTest {
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @BeforeEach
    void captureLog() {
        Log.redirect(new PrintStream(log, true));
    }

    @AfterEach
    void restoreLog() {
        Log.redirect(System.err);
    }

    private static final class CountingSource implements PeriodicSource<Imu> {
        final AtomicInteger opens = new AtomicInteger();
        final int failAtSample;
        long n;

        CountingSource(int failAtSample) {
            this.failAtSample = failAtSample;
        }

        @Override
        public void open(SourceContext context) {
            opens.incrementAndGet();
        }

        @Override
        public boolean sample(long acquiredNanos, Imu out) {
            if (++n == failAtSample) {
                throw new IllegalStateException("sensor hiccup");
            }
            out.gyroZ = n;
            return true;
        }
    }

    /** A processor that takes {@code delayNanos} per sample and optionally throws on one. */
    private static final class SlowProcessor implements Stage, Handler<Object> {
        final long delayNanos;
        final long throwAt;
        final AtomicLong seen = new AtomicLong();
        final AtomicInteger resets = new AtomicInteger();

        SlowProcessor(long delayNanos, long throwAt) {
            this.delayNanos = delayNanos;
            this.throwAt = throwAt;
        }

        @Override
        public void onMessage(Object message, Input input) {
            if (seen.incrementAndGet() == throwAt) {
                throw new ArithmeticException("bad matrix");
            }
            if (delayNanos > 0) {
                LockSupport.parkNanos(delayNanos);
            }
        }

        @Override
        public void reset() {
            resets.incrementAndGet();
        }
    }

    /** The profile's sources get {@code sources} in order; its stage of type {@code test} is {@code processor}. */
    private static Pipeline pipeline(String yaml, List<? extends Source<?>> sources, SlowProcessor processor)
            throws Exception {
        return TestRuns.create().sources(sources).stage(TestRuns.everyInput(processor)).pipeline(yaml);
    }

    @Test
    void dropsAndCountsWhenTheStageIsTooSlow() throws Exception {
        String p = """
                sources:
                  fast: {type: periodic, rate_hz: 5000, ring_size: 8, wait: spin}
                stages:
                  slow: {type: test, inputs: [fast], deadline_us: 100000, wait: sleep}
                """;
        SlowProcessor slow = new SlowProcessor(2_000_000, -1);
        RunReport r = pipeline(p, List.of(new CountingSource(-1)), slow).run(1_000_000_000L);
        RunReport.SourceReport s = r.sources().get("fast");
        assertTrue(s.dropped() > 0, "a 2 ms stage behind a 5 kHz source with an 8-slot ring must drop");
        assertEquals(s.samples(), s.consumed() + s.dropped(), "samples == consumed + dropped");
        assertEquals(s.consumed(), slow.seen.get());
        assertEquals(0, r.stages().get("slow").unconsumed());
        assertEquals(0, r.exitCode());
    }

    @Test
    void orderlyShutdownDrainsEverythingPublished() throws Exception {
        String p = """
                sources:
                  a: {type: periodic, rate_hz: 2000, ring_size: 65536, wait: spin}
                  b: {type: periodic, rate_hz: 500, ring_size: 65536, thread: shared}
                stages:
                  s: {type: test, inputs: [a, b], deadline_us: 100000, wait: block}
                """;
        // 1 ms per sample behind 2.5 kHz: a backlog builds up that the shutdown must drain.
        SlowProcessor slow = new SlowProcessor(1_000_000, -1);
        RunReport r = pipeline(p, List.of(new CountingSource(-1), new CountingSource(-1)), slow).run(300_000_000L);
        long samples = 0;
        for (RunReport.SourceReport s : r.sources().values()) {
            assertEquals(0, s.dropped());
            assertEquals(s.samples(), s.consumed(), "every published sample consumed");
            samples += s.samples();
        }
        assertEquals(samples, slow.seen.get());
        assertEquals(samples, r.stages().get("s").events());
        assertEquals(0, r.stages().get("s").unconsumed());
    }

    @Test
    void aStageErrorUnderStopPolicyEndsTheRunWithExitCode1() throws Exception {
        String p = """
                sources:
                  a: {type: periodic, rate_hz: 1000}
                stages:
                  s: {type: test, inputs: [a], deadline_us: 1000, on_error: stop}
                """;
        SlowProcessor failing = new SlowProcessor(0, 20);
        RunReport r = pipeline(p, List.of(new CountingSource(-1)), failing).run(60_000_000_000L);
        assertEquals(1, r.exitCode());
        assertTrue(r.stopReason().contains("stage s failed (on_error: stop): bad matrix"), r.stopReason());
        assertEquals(1, r.stages().get("s").errors());
        assertEquals(1, r.errors().size());
        assertEquals("stage-s", r.errors().getFirst().thread());
        assertEquals("ArithmeticException: bad matrix", r.errors().getFirst().message());
        assertTrue(log.toString().contains("ERROR [stage-s] stage s: ArithmeticException: bad matrix"), log.toString());
    }

    @Test
    void aStageErrorUnderRestartPolicyIsCountedAndTheStageGoesOn() throws Exception {
        String p = """
                sources:
                  a: {type: periodic, rate_hz: 1000}
                stages:
                  s: {type: test, inputs: [a], deadline_us: 1000, on_error: restart}
                """;
        SlowProcessor failing = new SlowProcessor(0, 20);
        RunReport r = pipeline(p, List.of(new CountingSource(-1)), failing).run(300_000_000L);
        assertEquals(0, r.exitCode());
        assertEquals(1, r.stages().get("s").errors());
        assertEquals(1, failing.resets.get());
        assertTrue(failing.seen.get() > 20, "the stage went on after the error");
        assertEquals(r.sources().get("a").samples(), r.sources().get("a").consumed());
    }

    @Test
    void aSourceErrorUnderRestartPolicyReopensTheSource() throws Exception {
        String p = """
                sources:
                  a: {type: periodic, rate_hz: 1000, restart_backoff: 5ms}
                stages:
                  s: {type: test, inputs: [a], deadline_us: 1000}
                """;
        CountingSource hiccup = new CountingSource(10);
        RunReport r = pipeline(p, List.of(hiccup), new SlowProcessor(0, -1)).run(300_000_000L);
        RunReport.SourceReport s = r.sources().get("a");
        assertEquals(0, r.exitCode());
        assertEquals(1, s.errors());
        assertEquals(1, s.restarts());
        assertEquals(2, hiccup.opens.get());
        assertTrue(s.samples() > 10, "samples resumed after the restart");
        assertEquals(s.samples(), s.consumed() + s.dropped());
        assertEquals("IllegalStateException: sensor hiccup", r.errors().getFirst().message());
        assertEquals("reader-a", r.errors().getFirst().thread());
    }

    @Test
    void aSourceErrorUnderStopPolicyEndsTheRunWithExitCode1() throws Exception {
        String p = """
                sources:
                  a: {type: periodic, rate_hz: 1000, on_error: stop}
                stages:
                  s: {type: test, inputs: [a], deadline_us: 1000}
                """;
        RunReport r = pipeline(p, List.of(new CountingSource(10)), new SlowProcessor(0, -1)).run(60_000_000_000L);
        assertEquals(1, r.exitCode());
        assertTrue(r.stopReason().startsWith("source a failed (on_error: stop)"), r.stopReason());
        assertEquals(9, r.sources().get("a").samples());
        assertEquals(9, r.sources().get("a").consumed());
    }

    /** A source that takes {@code openNanos} to open (a slow device) and records when it was opened and first sampled. */
    private static final class SlowOpeningSource implements PeriodicSource<Imu> {
        final long openNanos;
        final boolean failOpen;
        volatile long openedAt;
        volatile long firstSampleAt;

        SlowOpeningSource(long openNanos, boolean failOpen) {
            this.openNanos = openNanos;
            this.failOpen = failOpen;
        }

        @Override
        public void open(SourceContext context) throws Exception {
            Thread.sleep(openNanos / 1_000_000);
            if (failOpen) {
                throw new java.io.FileNotFoundException("/dev/ttyUSB9 (No such file or directory)");
            }
            openedAt = System.nanoTime();
        }

        @Override
        public boolean sample(long acquiredNanos, Imu out) {
            if (firstSampleAt == 0) {
                firstSampleAt = acquiredNanos;
            }
            return true;
        }
    }

    @Test
    void theTimelineStartsOnlyWhenEveryReaderHasOpenedItsSource() throws Exception {
        String p = """
                sources:
                  slow: {type: periodic, rate_hz: 1000}
                  quick: {type: periodic, rate_hz: 1000}
                stages:
                  s: {type: test, inputs: [slow, quick], deadline_us: 100000}
                """;
        // Opening takes far longer than any fixed start lead: had the timeline started without waiting,
        // its first ~300 deadlines would have passed before the reader ran, counted as missed periods.
        SlowOpeningSource slow = new SlowOpeningSource(300_000_000L, false);
        Pipeline pipeline = pipeline(p, List.of(slow, new CountingSource(-1)), new SlowProcessor(0, -1));
        RunReport r = pipeline.run(200_000_000L);
        long start = pipeline.control().startNanos();
        assertTrue(slow.openedAt > 0 && start > slow.openedAt, "the timeline starts after the source opened");
        assertTrue(slow.firstSampleAt >= start + 1_000_000L, "the first sample is taken at the first deadline or later");
        assertEquals(0, r.exitCode());
        assertTrue(r.sources().get("slow").samples() > 0);
    }

    @Test
    void aSourceThatCannotBeOpenedAtStartEndsTheRunBeforeTheTimelineStarts() throws Exception {
        String p = """
                sources:
                  gps: {type: periodic, rate_hz: 10}
                  imu: {type: periodic, rate_hz: 1000}
                stages:
                  s: {type: test, inputs: [gps, imu], deadline_us: 100000}
                """;
        Pipeline pipeline = pipeline(p, List.of(new SlowOpeningSource(50_000_000L, true), new CountingSource(-1)),
                new SlowProcessor(0, -1));
        RunReport r = pipeline.run(60_000_000_000L);
        assertEquals(1, r.exitCode());
        assertTrue(r.stopReason().startsWith("source gps could not be opened: /dev/ttyUSB9"), r.stopReason());
        assertEquals(false, pipeline.control().timelineStarted());
        assertEquals(0, r.sources().get("imu").samples(), "no reader ran a timeline that never started");
    }

    @Test
    void streamingSourcesPublishThroughTheSink() throws Exception {
        String p = """
                sources:
                  serial: {type: stream, ring_size: 1024, wait: backoff}
                stages:
                  s: {type: test, inputs: [serial], deadline_us: 1000}
                """;
        StreamSource<GpsFix> burst = new StreamSource<>() {
            int published;

            @Override
            public int poll(StreamOutput<GpsFix> out) {
                if (published >= 500) {
                    return 0;
                }
                for (int i = 0; i < 5; i++) {
                    GpsFix s = out.claim();
                    s.latitudeDeg = published++;
                    out.publish(System.nanoTime());
                }
                return 5;
            }
        };
        SlowProcessor counter = new SlowProcessor(0, -1);
        RunReport r = pipeline(p, List.of(burst), counter).run(300_000_000L);
        assertEquals(500, r.sources().get("serial").samples());
        assertEquals(500, counter.seen.get());
        assertEquals(null, r.sources().get("serial").lateness());
        assertEquals(500, r.endToEnd().get("s/serial").count());
    }

    @Test
    void reportsThreadsByRoleName() throws Exception {
        String p = """
                sources:
                  imu: {type: periodic, rate_hz: 1000}
                  gps: {type: periodic, rate_hz: 10, thread: slow}
                  odo: {type: periodic, rate_hz: 50, thread: slow}
                stages:
                  fusion: {type: test, inputs: [imu, gps, odo], deadline_us: 1000}
                """;
        RunReport r = pipeline(p, List.of(new CountingSource(-1), new CountingSource(-1), new CountingSource(-1)),
                new SlowProcessor(0, -1)).run(200_000_000L);
        assertEquals(List.of("stage-fusion", "reader-imu", "reader-slow", "reporter"), List.copyOf(r.threads().keySet()));
        assertEquals("sources gps,odo", r.threads().get("reader-slow").role());
    }
}
