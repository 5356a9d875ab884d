package io.afferent.runtime.run;

import io.afferent.api.Handler;
import io.afferent.api.Input;
import io.afferent.api.PeriodicSource;
import io.afferent.api.Sink;
import io.afferent.api.Stage;
import io.afferent.api.msg.Imu;
import io.afferent.runtime.report.RunReport;
import io.afferent.runtime.testing.TestRuns;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A lagging subscriber that stalls for 2 s costs the stage on the same topic nothing: the stage loses no message,
 * the topic drops none, and the sink's own loss is counted exactly. The stage's queue latency with and without the
 * stalling sink is printed, not asserted (timings are for benchmarks).
 */
class StallingSinkTest {
    private static final String PROFILE = """
            sources:
              imu: {type: periodic, rate_hz: 1000, ring_size: 1024}
            stages:
              s: {type: test, inputs: [imu], deadline_us: 1000}
            """;

    static final class Counter implements Stage, Handler<Object> {
        volatile long seen;
        volatile long gaps;
        private long last = -1;

        @Override
        public void onMessage(Object message, Input in) {
            seen++;
            gaps += in.sequence() - last - 1;
            last = in.sequence();
        }
    }

    /** Sleeps 2 s in its 200th message; otherwise keeps up. Counts the gaps in the sequence numbers it sees. */
    static final class StallingSink implements Sink<Imu> {
        volatile long seen;
        volatile long gaps;
        volatile long stalls;
        private long last = -1;

        @Override
        public void onMessage(Imu message, Input in) throws InterruptedException {
            seen++;
            gaps += in.sequence() - last - 1;
            last = in.sequence();
            if (seen == 200) {
                stalls++;
                Thread.sleep(2_000);
            }
        }
    }

    private static PeriodicSource<Imu> source() {
        long[] n = {0};
        return (acquiredNanos, out) -> {
            out.gyroZ = n[0]++;
            return true;
        };
    }

    @Test
    void aSinkStallingTwoSecondsCostsTheStageNothingAndItsOwnLossIsCountedExactly() throws Exception {
        Counter stage = new Counter();
        StallingSink sink = new StallingSink();
        RunReport r = TestRuns.create().source("imu", source()).stage(TestRuns.everyInput(stage))
                .extension("stall", x -> x.sink("staller", "imu", Imu.TYPE, sink))
                .pipeline(PROFILE).run(5_000_000_000L);
        assertEquals(0, r.exitCode(), r.stopReason());
        RunReport.TopicReport imu = r.topics().get("imu");
        RunReport.SubscriberReport st = imu.subscribers().get(0);
        RunReport.SubscriberReport sk = imu.subscribers().get(1);
        assertEquals("stage s", st.name());
        assertEquals("sink staller", sk.name());
        assertEquals(1, sink.stalls, "the sink stalled once");

        assertEquals(0, imu.dropped(), "the stalling sink never made the topic drop");
        assertEquals(imu.published(), st.consumed(), "the stage consumed every message published");
        assertEquals(imu.published(), stage.seen);
        assertEquals(0, stage.gaps, "the stage saw every sequence number");
        assertEquals(0, r.sources().get("imu").dropped());

        assertTrue(sk.dropped() > 0, "a 2 s stall behind 1,000 messages/s and a 1,024-slot ring loses messages");
        assertEquals(imu.published(), sk.consumed() + sk.dropped(), "the sink's loss is counted exactly");
        assertEquals(sink.seen, sk.consumed());
        assertEquals(sk.dropped(), sink.gaps, "what the sink lost is exactly the gaps it saw");

        Counter alone = new Counter();
        RunReport without = TestRuns.create().source("imu", source()).stage(TestRuns.everyInput(alone))
                .pipeline(PROFILE).run(5_000_000_000L);
        assertEquals(without.topics().get("imu").published(), alone.seen);
        System.out.printf("stage s queue latency p99: %.1f µs with a sink stalling 2 s (%d of %d messages lost by the"
                        + " sink), %.1f µs without the sink; max %.1f µs vs %.1f µs%n",
                r.stages().get("s").queue().p99Us(), sk.dropped(), imu.published(),
                without.stages().get("s").queue().p99Us(), r.stages().get("s").queue().maxUs(),
                without.stages().get("s").queue().maxUs());
    }
}
