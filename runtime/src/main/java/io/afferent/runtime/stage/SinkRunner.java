package io.afferent.runtime.stage;

import io.afferent.api.Input;
import io.afferent.api.Sink;
import io.afferent.runtime.clock.NanoClock;
import io.afferent.runtime.thread.ErrorLog;
import io.afferent.runtime.thread.ManagedThread;
import io.afferent.runtime.timing.Counter;
import io.afferent.runtime.topic.LaggingReader;

import java.util.concurrent.locks.LockSupport;

/**
 * The thread body of a lagging subscriber ({@code sink-NAME}): reads its topic behind the publishers through a
 * {@link LaggingReader}, hands each message to the user's {@link Sink}, and calls {@link Sink#idle} about every
 * 5 ms when nothing is waiting. A sink that throws is reported and counted; the first error is logged with
 * the sink's name, the sink goes on with the next message. After {@link #finish()} it drains what is left, closes
 * the sink and returns.
 *
 * <p>Single thread: the sink's.
 */
public final class SinkRunner<M> implements ManagedThread.Body, LaggingReader.Handler<M> {
    /**
     * How long a sink parks when nothing is waiting. A lagging subscriber reads in batches: 5 ms keeps three sinks
     * at well under 1 % of a core together, and at 1 kHz it leaves a 1024-slot ring 200 times the margin it needs.
     */
    private static final long IDLE_NANOS = 5_000_000L;
    private final String name;
    private final LaggingReader<M> reader;
    private final Sink<M> sink;
    private final NanoClock clock;
    private final ErrorLog errors;
    public final Counter failures = new Counter("errors");
    private volatile boolean finishing;

    public SinkRunner(String name, LaggingReader<M> reader, Sink<M> sink, NanoClock clock, ErrorLog errors) {
        this.name = name;
        this.reader = reader;
        this.sink = sink;
        this.clock = clock;
        this.errors = errors;
    }

    public String name() {
        return name;
    }

    public LaggingReader<M> reader() {
        return reader;
    }

    /** Asks the sink to drain what is left and return (after the publishers stopped). Any thread. */
    public void finish() {
        finishing = true;
    }

    @Override
    public void run() throws Exception {
        long lastIdle = clock.nanoTime();
        try {
            while (true) {
                int work = reader.poll(this, 256);
                long now = clock.nanoTime();
                if (work == 0) {
                    if (finishing && !reader.hasPending()) {
                        return;
                    }
                    idle(now);
                    lastIdle = now;
                    LockSupport.parkNanos(IDLE_NANOS);
                } else if (now - lastIdle >= IDLE_NANOS) {
                    idle(now);
                    lastIdle = now;
                }
            }
        } finally {
            try {
                sink.close();
            } catch (Throwable t) {
                failed(t);
            }
        }
    }

    private void idle(long now) {
        try {
            sink.idle(now);
        } catch (Throwable t) {
            failed(t);
        }
    }

    @Override
    public void onMessage(M message, Input input) {
        try {
            sink.onMessage(message, input);
        } catch (Throwable t) {
            failed(t);
        }
    }

    private void failed(Throwable t) {
        failures.increment();
        if (failures.get() == 1) {
            errors.report("sink " + name, t);
        }
    }
}
