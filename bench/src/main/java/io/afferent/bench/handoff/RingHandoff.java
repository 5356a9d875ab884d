package io.afferent.bench.handoff;

import io.afferent.config.ErrorPolicy;
import io.afferent.config.Overflow;
import io.afferent.config.WaitName;
import io.afferent.runtime.clock.NanoClock;
import io.afferent.runtime.ring.RingPublisher;
import io.afferent.runtime.ring.SampleRing;
import io.afferent.runtime.thread.ErrorLog;
import io.afferent.runtime.thread.RunControl;
import io.afferent.runtime.sample.Sample;
import io.afferent.runtime.timing.SourceStats;
import io.afferent.runtime.stage.FanInStage;
import io.afferent.runtime.stage.StageProcessor;
import io.afferent.runtime.stage.StageStats;
import io.afferent.runtime.wait.IdleStrategies;
import io.afferent.runtime.wait.StageWakeup;
import org.HdrHistogram.Histogram;

import java.util.List;

/**
 * Afferent's hand-off exactly as a reader and a stage use it: the producer claims a slot of the source's
 * single-producer ring through its {@link RingPublisher}, fills it in place and publishes it (timestamps,
 * counters and the interval histogram included); a {@link FanInStage} on its own thread polls the ring and
 * hands each sample to a processor, measuring queue latency, service time and end to end as in a run. The
 * stage either spins ({@code wait: spin}) or parks until the producer signals ({@code wait: block}, the
 * default of a stage). The latency is the stage's own queue histogram: publication to start of handling.
 */
final class RingHandoff implements Handoff {
    private final RingPublisher publisher;
    private final Payload payload;
    private final FanInStage stage;
    private final StageWakeup wakeup = new StageWakeup();
    private final Thread consumer;
    private final Histogram latency = new Histogram(1, 60_000_000_000L, 3);

    RingHandoff(Payload payload, int capacity, boolean block) {
        this.payload = payload;
        RunControl control = new RunControl(System.nanoTime());
        SourceStats sourceStats = new SourceStats("bench", 0);
        SampleRing ring = new SampleRing("bench", 0, payload.kind, capacity, wakeup);
        this.publisher = new RingPublisher(ring, Overflow.DROP, NanoClock.SYSTEM, sourceStats, control::running);
        StageStats stats = new StageStats("bench", 1_000_000, List.of("bench"));
        StageProcessor processor = new Reader();
        this.stage = new FanInStage("bench", processor, stats, List.of(ring), NanoClock.SYSTEM, control, new ErrorLog(),
                ErrorPolicy.STOP, IdleStrategies.create(block ? WaitName.BLOCK : WaitName.SPIN, wakeup), wakeup, null);
        this.consumer = new Thread(() -> {
            Pinning.pinCurrentThread(1);
            try {
                stage.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "stage-bench");
        consumer.setDaemon(true);
        consumer.start();
    }

    /** Reads what a processor reads: the payload's first field. */
    private static final class Reader implements StageProcessor {
        long sink;

        @Override
        public boolean onSample(Sample s) {
            sink += switch (s.kind) {
                case IMU -> (long) s.imu.accelX;
                case GPS -> s.gps.utcMillisOfDay;
                default -> s.wheels.leftTicks;
            };
            return true;
        }
    }

    @Override
    public void publish(long k, long acquiredNanos) {
        Sample s = publisher.claim();
        s.acquiredNanos = acquiredNanos;
        payload.fill(s, k);
        publisher.publish();
    }

    @Override
    public long consumed() {
        return stage.stats().events.get();
    }

    @Override
    public Histogram latency() {
        // The stage's queue recorder, sampled here since no reporter thread runs: only after close() or between
        // iterations, when nothing is in flight.
        latency.add(stage.stats().queue().sampleInterval());
        return latency;
    }

    @Override
    public void resetLatency() {
        stage.stats().queue().sampleInterval();
        latency.reset();
    }

    @Override
    public void close() throws InterruptedException {
        stage.inputsClosed();
        wakeup.signalAllWhenBlocking();
        consumer.join(10_000);
    }
}
