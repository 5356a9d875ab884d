package io.afferent.bench.handoff;

import io.afferent.api.Handler;
import io.afferent.api.Input;
import io.afferent.api.Stage;
import io.afferent.config.ErrorPolicy;
import io.afferent.config.Overflow;
import io.afferent.config.WaitName;
import io.afferent.runtime.clock.NanoClock;
import io.afferent.runtime.stage.FanInStage;
import io.afferent.runtime.stage.StageInput;
import io.afferent.runtime.stage.StageStats;
import io.afferent.runtime.thread.ErrorLog;
import io.afferent.runtime.thread.RunControl;
import io.afferent.runtime.timing.Counter;
import io.afferent.runtime.timing.SourceStats;
import io.afferent.runtime.topic.ChainTable;
import io.afferent.runtime.topic.LaggingReader;
import io.afferent.runtime.topic.Provenance;
import io.afferent.runtime.topic.Signal;
import io.afferent.runtime.topic.Topic;
import io.afferent.runtime.topic.TopicStats;
import io.afferent.runtime.topic.TopicWriter;
import io.afferent.runtime.wait.IdleStrategies;
import io.afferent.runtime.wait.StageWakeup;
import org.HdrHistogram.Histogram;

import java.util.List;

/**
 * Afferent's hand-off exactly as a reader and a stage use it: the producer claims a slot of the source's topic
 * through its {@link TopicWriter}, fills the message in place and publishes it (timestamps, counters and the
 * interval histogram included); a {@link FanInStage} on its own thread polls the topic and hands each message to
 * a handler, measuring queue latency, service time, chain and end to end as in a run. The stage either spins
 * ({@code wait: spin}) or parks until the producer signals ({@code wait: block}, the default of a stage). With
 * {@code lagging}, a lagging subscriber (a recorder's or a display's) also reads the topic on a third thread, so
 * the benchmark shows what one costs the producer. The latency is the stage's own queue histogram: publication to
 * start of handling.
 */
final class RingHandoff<M> implements Handoff {
    private final TopicWriter<M> publisher;
    private final Payload payload;
    private final FanInStage stage;
    private final StageWakeup wakeup = new StageWakeup();
    private final Thread consumer;
    private final Thread laggingThread;
    private volatile boolean stopLagging;
    private final Histogram latency = new Histogram(1, 60_000_000_000L, 3);

    @SuppressWarnings("unchecked")
    static Handoff create(Payload payload, int capacity, boolean block, boolean lagging) {
        return new RingHandoff<>((io.afferent.api.MessageType<Object>) payload.type, payload, capacity, block, lagging);
    }

    private RingHandoff(io.afferent.api.MessageType<M> type, Payload payload, int capacity, boolean block, boolean lagging) {
        this.payload = payload;
        RunControl control = new RunControl(System.nanoTime());
        SourceStats sourceStats = new SourceStats("bench", 0);
        Signal signal = new Signal();
        Topic<M> topic = new Topic<>("bench", type, "source bench", capacity, signal);
        ChainTable chains = new ChainTable();
        int root = chains.root("bench");
        int[] next = {chains.extend(root, "bench")};
        StageStats stats = new StageStats("bench", 1_000_000, List.of("bench"));
        StageInput<M> in = new StageInput<>(topic, "bench", new Reader<>(payload), stats.consumed("bench"),
                stats.endToEndByInput().get("bench"), next);
        LaggingReader<M> lag = lagging ? topic.newLaggingReader("sink bench") : null;
        if (block) {
            signal.add(wakeup);
        }
        this.publisher = TopicWriter.forSource(topic, Overflow.DROP, NanoClock.SYSTEM, control::running, new TopicStats(),
                sourceStats, root);
        Stage nothing = new Stage() {
        };
        this.stage = new FanInStage("bench", nothing, stats, List.of(in), new Provenance(), chains, true,
                NanoClock.SYSTEM, control, new ErrorLog(), ErrorPolicy.STOP,
                IdleStrategies.create(block ? WaitName.BLOCK : WaitName.SPIN, wakeup), wakeup, null);
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
        if (lag != null) {
            Counter seen = new Counter("seen");
            laggingThread = new Thread(() -> {
                try {
                    while (!stopLagging) {
                        if (lag.poll((m, i) -> seen.increment(), 256) == 0) {
                            Thread.onSpinWait();
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "sink-bench");
            laggingThread.setDaemon(true);
            laggingThread.start();
        } else {
            laggingThread = null;
        }
    }

    /** Reads what a stage reads: the payload's first field. */
    private static final class Reader<M> implements Handler<M> {
        private final Payload payload;
        long sink;

        Reader(Payload payload) {
            this.payload = payload;
        }

        @Override
        public void onMessage(M m, Input in) {
            sink += switch (payload) {
                case IMU -> (long) ((io.afferent.api.msg.Imu) m).accelX;
                case GPS -> ((io.afferent.api.msg.GpsFix) m).utcMillisOfDay;
                case WHEELS -> ((io.afferent.api.msg.Wheels) m).leftTicks;
            };
        }
    }

    @Override
    public void publish(long k, long acquiredNanos) {
        M m = publisher.claim();
        payload.fill(m, k);
        publisher.publish(acquiredNanos);
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
        stopLagging = true;
        if (laggingThread != null) {
            laggingThread.join(10_000);
        }
    }
}
