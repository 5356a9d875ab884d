package io.afferent.runtime.reader;

import io.afferent.api.PeriodicSource;
import io.afferent.api.Source;
import io.afferent.api.SourceContext;
import io.afferent.api.StreamSource;
import io.afferent.runtime.timing.SourceStats;
import io.afferent.runtime.topic.TopicWriter;

import io.afferent.config.ErrorPolicy;
import io.afferent.config.SourceConfig;
import io.afferent.runtime.clock.NanoClock;
import io.afferent.runtime.thread.ErrorLog;
import io.afferent.runtime.thread.Log;
import io.afferent.runtime.thread.RunControl;
import io.afferent.runtime.timing.Counter;

/**
 * The duty cycle of one source on its reader thread: opens the source, runs it, and owns its one error
 * path. A failure is counted and reported, then by the source's policy the source is closed and
 * reopened after a growing backoff, or the run is stopped with exit code 1. A source that cannot be
 * opened at all at start stops the run with exit code 1 (a required device is missing).
 *
 * <p>Single thread: the reader thread that runs it.
 */
public abstract sealed class ReaderAgent<M> permits PeriodicAgent, StreamAgent {
    private enum State { CLOSED, OPEN, BACKOFF }

    protected final SourceConfig config;
    protected final SourceStats stats;
    protected final TopicWriter<M> publisher;
    protected final NanoClock clock;
    private final Source<M> source;
    private final RunControl control;
    private final ErrorLog errors;
    private final SourceContext context;
    private State state = State.CLOSED;
    private long backoffNanos;
    private long reopenAtNanos;
    private boolean openedOnce;

    protected ReaderAgent(SourceConfig config, Source<M> source, SourceStats stats, TopicWriter<M> publisher,
                          NanoClock clock, RunControl control, ErrorLog errors) {
        this.config = config;
        this.source = source;
        this.stats = stats;
        this.publisher = publisher;
        this.clock = clock;
        this.control = control;
        this.errors = errors;
        this.backoffNanos = config.restartBackoffNanos();
        this.context = new Context();
    }

    public String name() {
        return config.name();
    }

    public SourceStats stats() {
        return stats;
    }

    /** One cycle: returns how many samples it produced. Never throws. */
    public final int doWork(long nowNanos) {
        try {
            switch (state) {
                case BACKOFF -> {
                    if (nowNanos - reopenAtNanos < 0) {
                        return 0;
                    }
                    open(nowNanos);
                }
                case CLOSED -> open(nowNanos);
                case OPEN -> {
                }
            }
            int work = work(nowNanos);
            if (work > 0) {
                backoffNanos = config.restartBackoffNanos();
            }
            return work;
        } catch (Throwable t) {
            onError(t, nowNanos);
            return 0;
        }
    }

    /**
     * Opens the source before the timeline starts and lets it prepare, so that opening a device,
     * loading and initialising its classes or catching up a simulated world does not fall on the first
     * deadlines. Never throws: a failure takes the agent's error path.
     */
    public final void openBeforeStart(long nowNanos) {
        if (state != State.CLOSED) {
            return;
        }
        try {
            open(nowNanos);
            prepare(nowNanos);
        } catch (Throwable t) {
            onError(t, nowNanos);
        }
    }

    /**
     * The run's timeline starts at {@code startNanos} (a little ahead of now): a periodic agent sets its
     * deadlines and lets its source catch up to the first one. Never throws.
     */
    public final void startTimeline(long startNanos) {
        try {
            onTimelineStart(startNanos);
        } catch (Throwable t) {
            onError(t, clock.nanoTime());
        }
    }

    private void open(long nowNanos) throws Exception {
        source.open(context);
        state = State.OPEN;
        if (openedOnce) {
            stats.restarts.increment();
            Log.info("source " + name() + " reopened");
        }
        openedOnce = true;
        onOpened(nowNanos);
    }

    private void onError(Throwable t, long nowNanos) {
        publisher.abandon();
        stats.errors.increment();
        errors.report("source " + name(), t);
        if (!openedOnce) {
            // A device that is not there at start is a failed required device, whatever the policy:
            // sources that should wait for their device do so inside open().
            control.fail("source " + name() + " could not be opened: " + t.getMessage());
            closeQuietly();
            state = State.CLOSED;
            return;
        }
        if (config.onError() == ErrorPolicy.STOP) {
            control.fail("source " + name() + " failed (on_error: stop): " + t.getMessage());
            closeQuietly();
            state = State.CLOSED;
            return;
        }
        closeQuietly();
        state = State.BACKOFF;
        reopenAtNanos = nowNanos + backoffNanos;
        backoffNanos = Math.min(backoffNanos * 2, config.restartBackoffMaxNanos());
    }

    /** Reader thread, at the end of the run. */
    public final void close() {
        closeQuietly();
        state = State.CLOSED;
    }

    private void closeQuietly() {
        try {
            source.close();
        } catch (Throwable t) {
            errors.report("source " + name() + " (close)", t);
        }
    }

    /** When this agent next needs its thread, for a periodic thread's sleep: its deadline, or when it may reopen. */
    public long nextWakeNanos() {
        return state == State.BACKOFF ? reopenAtNanos : nextDeadlineNanos();
    }

    protected abstract int work(long nowNanos) throws Exception;

    protected abstract void onOpened(long nowNanos);

    /** After the first open, before the timeline starts (see {@link #openBeforeStart}). */
    protected abstract void prepare(long nowNanos) throws Exception;

    /** See {@link #startTimeline}. */
    protected abstract void onTimelineStart(long startNanos) throws Exception;

    /** Periodic agents: the next point of the timeline; streaming agents: never. */
    protected abstract long nextDeadlineNanos();

    private final class Context implements SourceContext {
        @Override
        public String sourceName() {
            return config.name();
        }

        @Override
        public io.afferent.api.Clock clock() {
            return clock;
        }

        @Override
        public io.afferent.api.Counter rejectCounter(String reason) {
            return stats.rejectCounter(reason);
        }

        @Override
        public void connectionChanged(boolean connected, String detail) {
            stats.connectionChanged(connected, detail);
            if (connected) {
                Log.info("source " + config.name() + " connected: " + detail);
            } else {
                Log.warn("source " + config.name() + " disconnected: " + detail);
            }
        }

        @Override
        public boolean running() {
            return control.running();
        }
    }
}
