package io.afferent.bench.handoff;

import org.HdrHistogram.Histogram;

/**
 * One producer and one consumer under test. Threads: {@link #publish} from the producer only (the JMH thread);
 * the consumer runs on its own thread, started by the implementation; {@link #consumed()} from any thread.
 */
interface Handoff extends AutoCloseable {
    /**
     * Publishes message number {@code k}, acquired at {@code acquiredNanos}; never blocks (the benchmark keeps
     * fewer messages in flight than fit).
     */
    void publish(long k, long acquiredNanos);

    /** Messages the consumer has handled. */
    long consumed();

    /**
     * Publication to the moment the consumer handles the message (ns), since the last {@link #resetLatency()};
     * read after {@link #close()} or between iterations, when nothing is in flight.
     */
    Histogram latency();

    /** Between iterations, when nothing is in flight. */
    void resetLatency();

    /** Stops the consumer once it has handled everything published, and joins it. */
    @Override
    void close() throws InterruptedException;

    static Handoff create(String name, Payload payload, int capacity) {
        return switch (name) {
            case "afferent-spin" -> RingHandoff.create(payload, capacity, false, false);
            case "afferent-block" -> RingHandoff.create(payload, capacity, true, false);
            case "afferent-spin-lagging" -> RingHandoff.create(payload, capacity, false, true);
            case "abq" -> QueueHandoff.blocking(new java.util.concurrent.ArrayBlockingQueue<>(capacity), payload);
            case "lbq" -> QueueHandoff.blocking(new java.util.concurrent.LinkedBlockingQueue<>(capacity), payload);
            case "clq-spin" -> QueueHandoff.spinning(new java.util.concurrent.ConcurrentLinkedQueue<>(), payload);
            default -> throw new IllegalArgumentException("unknown hand-off " + name);
        };
    }
}
