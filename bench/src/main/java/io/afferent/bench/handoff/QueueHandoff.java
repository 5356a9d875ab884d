package io.afferent.bench.handoff;

import org.HdrHistogram.Histogram;

import java.util.Queue;
import java.util.concurrent.BlockingQueue;

/**
 * A JDK queue used the way code without Afferent uses one: the producer allocates a message object per
 * message and offers it; the consumer takes it ({@code take()} for the blocking queues, which parks while the
 * queue is empty; a {@code poll()} loop with {@link Thread#onSpinWait()} for {@code ConcurrentLinkedQueue}) and
 * records how long it waited in the queue.
 */
final class QueueHandoff implements Handoff {
    private static final Payload.Message STOP = () -> Long.MIN_VALUE;

    private final Queue<Payload.Message> queue;
    private final Payload payload;
    private final Histogram latency = new Histogram(1, 60_000_000_000L, 3);
    private final Thread consumer;
    private volatile long consumed;
    private volatile boolean resetRequested;

    private QueueHandoff(Queue<Payload.Message> queue, Payload payload, boolean blocking) {
        this.queue = queue;
        this.payload = payload;
        Runnable loop = blocking ? this::takeLoop : this::spinLoop;
        this.consumer = new Thread(() -> {
            Pinning.pinCurrentThread(1);
            loop.run();
        }, "consumer");
        consumer.setDaemon(true);
        consumer.start();
    }

    static QueueHandoff blocking(BlockingQueue<Payload.Message> queue, Payload payload) {
        return new QueueHandoff(queue, payload, true);
    }

    static QueueHandoff spinning(Queue<Payload.Message> queue, Payload payload) {
        return new QueueHandoff(queue, payload, false);
    }

    @Override
    public void publish(long k, long acquiredNanos) {
        if (!queue.offer(payload.message(k, System.nanoTime()))) {
            throw new IllegalStateException("queue full: the benchmark keeps fewer messages in flight than fit");
        }
    }

    private void takeLoop() {
        BlockingQueue<Payload.Message> q = (BlockingQueue<Payload.Message>) queue;
        try {
            while (true) {
                if (!handle(q.take())) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void spinLoop() {
        while (true) {
            Payload.Message m = queue.poll();
            if (m == null) {
                Thread.onSpinWait();
            } else if (!handle(m)) {
                return;
            }
        }
    }

    private boolean handle(Payload.Message m) {
        long now = System.nanoTime();
        if (m == STOP) {
            return false;
        }
        if (resetRequested) {
            latency.reset();
            resetRequested = false;
        }
        latency.recordValue(Math.max(0, now - m.publishedNanos()));
        consumed = consumed + 1; // single writer: the consumer thread
        return true;
    }

    @Override
    public long consumed() {
        return consumed;
    }

    @Override
    public Histogram latency() {
        return latency;
    }

    @Override
    public void resetLatency() {
        resetRequested = true;
    }

    @Override
    public void close() throws InterruptedException {
        queue.offer(STOP);
        consumer.join(10_000);
    }
}
