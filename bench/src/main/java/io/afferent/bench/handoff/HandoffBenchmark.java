package io.afferent.bench.handoff;

import org.HdrHistogram.Histogram;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

import java.util.concurrent.TimeUnit;

/**
 * One producer, one consumer: Afferent's ring and publish path as the readers and stages use them, against
 * {@code ArrayBlockingQueue}, {@code LinkedBlockingQueue} and {@code ConcurrentLinkedQueue} used as code
 * without Afferent uses them (see {@link RingHandoff}, {@link QueueHandoff}), for each message size carried
 * ({@link Payload}).
 * <ul>
 *   <li>{@link #throughput}: bursts of {@value #BURST} messages, each burst drained before the next (so no
 *       queue ever fills and nothing is dropped); messages per second. A burst is stamped once, as a streaming
 *       source stamps the frames it decodes from one read; every publication then takes its own clock reading
 *       (for the queue latency), as do the consumers.</li>
 *   <li>{@link #latency}: one message at a time, the next published once the consumer has handled it; the
 *       publish-to-handled latency of every message goes into an HdrHistogram whose p50/p99/p99.9/max are
 *       printed at the end of each trial ({@code latency ...} lines).</li>
 * </ul>
 * Run with {@code -prof gc} for the bytes allocated per message ({@code gc.alloc.rate.norm}). Both threads want
 * a core: on a 2-core machine nothing else should run. Figures only; nothing is asserted.
 */
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m", "--enable-native-access=ALL-UNNAMED"})
public class HandoffBenchmark {
    static final int BURST = 256;
    static final int CAPACITY = 1024;

    @Param({"afferent-spin", "afferent-block", "afferent-spin-lagging", "abq", "lbq", "clq-spin"})
    public String handoff;

    @Param({"imu", "gps", "wheels"})
    public String payload;

    private Handoff channel;
    private long published;
    private final Histogram latency = new Histogram(1, 60_000_000_000L, 3);

    @Setup(Level.Trial)
    public void start() {
        // Producer on CPU 0, consumer on CPU 1 (where there is one): otherwise the scheduler sometimes puts both
        // on one CPU, where a spinning consumer and the producer take turns, and the figures halve at random.
        Pinning.pinCurrentThread(0);
        channel = Handoff.create(handoff, Payload.of(payload), CAPACITY);
    }

    @Setup(Level.Iteration)
    public void resetLatency() {
        awaitConsumed();
        channel.resetLatency();
    }

    @TearDown(Level.Iteration)
    public void collectLatency(IterationParams iteration) {
        awaitConsumed();
        Histogram h = channel.latency();
        if (iteration.getType() == IterationType.MEASUREMENT) {
            latency.add(h);
        }
    }

    @TearDown(Level.Trial)
    public void stop(BenchmarkParams params) throws InterruptedException {
        channel.close();
        if (params.getBenchmark().endsWith("latency")) {
            System.out.printf("%nlatency %s %s: p50 %.3f p99 %.3f p99.9 %.3f max %.1f us (%d messages, measurement"
                            + " iterations)%n", handoff, payload, us(latency.getValueAtPercentile(50)),
                    us(latency.getValueAtPercentile(99)), us(latency.getValueAtPercentile(99.9)),
                    us(latency.getMaxValue()), latency.getTotalCount());
        }
    }

    private static double us(long nanos) {
        return nanos / 1000.0;
    }

    private void awaitConsumed() {
        while (channel.consumed() < published) {
            Thread.onSpinWait();
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(BURST)
    public void throughput() {
        long acquired = System.nanoTime(); // a burst of frames decoded from one read, as a serial source stamps them
        for (int i = 0; i < BURST; i++) {
            channel.publish(published++, acquired);
        }
        awaitConsumed();
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public void latency() {
        channel.publish(published++, System.nanoTime());
        awaitConsumed();
    }
}
