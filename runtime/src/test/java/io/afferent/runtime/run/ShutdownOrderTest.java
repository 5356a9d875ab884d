package io.afferent.runtime.run;

import io.afferent.api.Input;
import io.afferent.api.Output;
import io.afferent.api.Stage;
import io.afferent.api.StageType;
import io.afferent.api.msg.Imu;
import io.afferent.runtime.report.RunReport;
import io.afferent.runtime.testing.TestRuns;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * At shutdown a stage's inputs close only once the stages that publish them have finished: what an upstream stage
 * publishes while it drains, or in {@link Stage#flush()}, still reaches the stages downstream.
 */
class ShutdownOrderTest {
    /** Stage type {@code holder}: republishes each IMU sample one message late, and the last one in flush(). */
    static final class Holder implements Stage {
        private final Output<Imu> out;
        private final Imu held = new Imu();
        private long heldOrigin = -1;
        private int heldChain;
        final AtomicLong published = new AtomicLong();

        Holder(io.afferent.api.StageSetup setup) throws io.afferent.api.ConfigError {
            out = setup.output("late", Imu.TYPE);
            setup.subscribe("imu").on(Imu.TYPE, this::onImu);
        }

        private void onImu(Imu m, Input in) {
            release();
            Imu.TYPE.copy(m, held);
            heldOrigin = in.originNanos();
            heldChain = in.chain();
        }

        private void release() {
            if (heldOrigin >= 0) {
                Imu.TYPE.copy(held, out.claim());
                out.publish(heldOrigin, heldChain);
                published.incrementAndGet();
            }
        }

        @Override
        public void flush() throws InterruptedException {
            Thread.sleep(100); // a flush that takes a moment: the stage downstream must still be there
            release();
        }
    }

    static final class Tail implements Stage, io.afferent.api.Handler<Object> {
        final AtomicLong seen = new AtomicLong();

        @Override
        public void onMessage(Object message, Input input) {
            seen.incrementAndGet();
        }
    }

    @Test
    void whatAStagePublishesWhileItDrainsAndFlushesReachesTheNextStage() throws Exception {
        Holder[] holder = new Holder[1];
        Tail tail = new Tail();
        RunReport r = TestRuns.create()
                .source("imu", (io.afferent.api.PeriodicSource<Imu>) (t, out) -> true)
                .stageType(StageType.of("holder", s -> holder[0] = new Holder(s)).output("late", Imu.TYPE))
                .stage(TestRuns.everyInput(tail))
                .pipeline("""
                        sources:
                          imu: {type: periodic, rate_hz: 1000}
                        stages:
                          hold: {type: holder, inputs: [imu], deadline_us: 1000}
                          tail: {type: test, inputs: [late], deadline_us: 1000}
                        """).run(500_000_000L);
        assertEquals(0, r.exitCode(), r.stopReason());
        long imu = r.topics().get("imu").published();
        assertEquals(imu, holder[0].published.get(), "the holder republished every sample, the last in flush()");
        assertEquals(imu, r.topics().get("late").published());
        assertEquals(imu, tail.seen.get(), "the stage downstream got all of them");
        assertEquals(imu, r.topics().get("late").subscribers().getFirst().consumed());
        assertEquals(0, r.stages().get("tail").unconsumed());
    }
}
