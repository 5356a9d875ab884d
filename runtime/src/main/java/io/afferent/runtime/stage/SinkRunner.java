package io.afferent.runtime.stage;

import java.util.ArrayList;
import java.util.List;

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
 * the sink and returns. Sinks registered under the same name share one runner and thread ({@link #add}): it reads
 * their topics round robin, up to 256 messages from each in turn (the recorder subscribes every topic this way).
 *
 * <p>Single thread: the sink's.
 */
public final class SinkRunner implements ManagedThread.Body {
    /**
     * How long a sink parks when nothing is waiting. A lagging subscriber reads in batches: 5 ms keeps three sinks
     * at well under 1 % of a core together, and at 1 kHz it leaves a 1024-slot ring 200 times the margin it needs.
     */
    private static final long IDLE_NANOS = 5_000_000L;
    private static final int BATCH = 256;
    private final String name;
    private final List<Lane<?>> lanes = new ArrayList<>();
    private final NanoClock clock;
    private final ErrorLog errors;
    public final Counter failures = new Counter("errors");
    private volatile boolean finishing;

    public <M> SinkRunner(String name, LaggingReader<M> reader, Sink<M> sink, NanoClock clock, ErrorLog errors) {
        this.name = name;
        this.clock = clock;
        this.errors = errors;
        add(reader, sink);
    }

    /** Adds another topic to this runner's thread (set-up thread, before the run starts). */
    public <M> void add(LaggingReader<M> reader, Sink<M> sink) {
        lanes.add(new Lane<>(reader, sink));
        sink.lossCounter(reader.dropped);
    }

    public String name() {
        return name;
    }

    /** The readers of this runner, one per topic it reads. */
    public List<LaggingReader<?>> readers() {
        List<LaggingReader<?>> out = new ArrayList<>();
        lanes.forEach(l -> out.add(l.reader));
        return out;
    }

    /** Asks the sink to drain what is left and return (after the publishers stopped). Any thread. */
    public void finish() {
        finishing = true;
    }

    @Override
    public void run() throws Exception {
        long lastIdle = clock.nanoTime();
        int n = lanes.size();
        try {
            while (true) {
                int work = 0;
                for (int i = 0; i < n; i++) {
                    work += lanes.get(i).poll();
                }
                long now = clock.nanoTime();
                if (work == 0) {
                    if (finishing && !pending()) {
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
            for (int i = 0; i < n; i++) {
                try {
                    lanes.get(i).sink.close();
                } catch (Throwable t) {
                    failed(t);
                }
            }
        }
    }

    private boolean pending() {
        for (int i = 0; i < lanes.size(); i++) {
            if (lanes.get(i).reader.hasPending()) {
                return true;
            }
        }
        return false;
    }

    private void idle(long now) {
        for (int i = 0; i < lanes.size(); i++) {
            try {
                lanes.get(i).sink.idle(now);
            } catch (Throwable t) {
                failed(t);
            }
        }
    }

    private void failed(Throwable t) {
        failures.increment();
        if (failures.get() == 1) {
            errors.report("sink " + name, t);
        }
    }

    /** One topic of the runner: its reader and the sink that handles it. */
    private final class Lane<M> implements LaggingReader.Handler<M> {
        final LaggingReader<M> reader;
        final Sink<M> sink;

        Lane(LaggingReader<M> reader, Sink<M> sink) {
            this.reader = reader;
            this.sink = sink;
        }

        int poll() throws Exception {
            return reader.poll(this, BATCH);
        }

        @Override
        public void onMessage(M message, Input input) {
            try {
                sink.onMessage(message, input);
            } catch (Throwable t) {
                failed(t);
            }
        }
    }
}
