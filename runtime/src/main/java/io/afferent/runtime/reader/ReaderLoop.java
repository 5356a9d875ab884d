package io.afferent.runtime.reader;

import io.afferent.api.PeriodicSource;
import io.afferent.api.Source;
import io.afferent.api.SourceContext;
import io.afferent.api.StreamSource;
import io.afferent.runtime.timing.SourceStats;
import io.afferent.runtime.topic.TopicWriter;

import io.afferent.runtime.clock.NanoClock;
import io.afferent.runtime.thread.ManagedThread;
import io.afferent.runtime.thread.RunControl;
import io.afferent.runtime.rt.DeadlineWaiter;
import io.afferent.runtime.wait.IdleStrategy;

import java.util.List;

/**
 * The body of one reader thread: opens its agents' sources (one source, or several light sources
 * sharing the thread), says it is ready, waits for the run's timeline to start, runs the agents until
 * the run stops, then closes them. A thread of periodic agents sleeps until the
 * earliest next deadline; a thread of streaming agents idles by its idle strategy when a cycle found
 * nothing (their sources block briefly inside {@code poll}).
 *
 * <p>Single thread: the reader thread.
 */
public final class ReaderLoop implements ManagedThread.Body {
    static final long WAITER_WARMUP_NANOS = 300_000_000L;
    static final int WAITER_WARMUP_WAITS = 4000;
    private final ReaderAgent<?>[] agents;
    private final boolean periodic;
    private final NanoClock clock;
    private final RunControl control;
    private final DeadlineWaiter waiter;
    private final IdleStrategy idle;
    private final Runnable ready;

    /**
     * @param ready called once the agents have opened their sources (or failed to), before the loop
     *              waits for the run's timeline to start
     */
    public ReaderLoop(List<? extends ReaderAgent<?>> agents, NanoClock clock, RunControl control, DeadlineWaiter waiter,
                      IdleStrategy idle, Runnable ready) {
        this.agents = agents.toArray(new ReaderAgent<?>[0]);
        this.periodic = agents.stream().allMatch(a -> a instanceof PeriodicAgent);
        this.clock = clock;
        this.control = control;
        this.waiter = waiter;
        this.idle = idle;
        this.ready = ready;
    }

    @Override
    public void run() throws InterruptedException {
        try {
            try {
                long now = clock.nanoTime();
                for (ReaderAgent<?> a : agents) {
                    a.openBeforeStart(now);
                }
                if (periodic) {
                    warmUpWaiter();
                }
            } finally {
                ready.run();
            }
            if (!control.awaitTimeline()) {
                return;
            }
            for (ReaderAgent<?> a : agents) {
                a.startTimeline(control.startNanos());
            }
            while (control.running()) {
                runOnce();
            }
        } finally {
            for (ReaderAgent<?> a : agents) {
                a.close();
            }
        }
    }

    /**
     * Before the timeline: runs the deadline wait (on Linux an FFM downcall to {@code clock_nanosleep}) a
     * few thousand times with 20 µs waits, so that its JIT compilation, and the linking that compiled code
     * does on its first run (method-handle invokers, class loading), happen now. Without it every run had
     * one 0.4-0.9 ms late wake-up about 100 ms after the start, when the compiled wait first ran.
     * At most {@link #WAITER_WARMUP_NANOS}.
     */
    private void warmUpWaiter() {
        long until = System.nanoTime() + WAITER_WARMUP_NANOS; // a waiter's deadlines are on this timeline
        for (int i = 0; i < WAITER_WARMUP_WAITS && System.nanoTime() - until < 0 && control.running(); i++) {
            waiter.awaitDeadline(System.nanoTime() + 20_000);
        }
    }

    /** One cycle: work, then wait. Package-visible for tests that drive a loop step by step. */
    void runOnce() {
        long now = clock.nanoTime();
        int work = 0;
        for (ReaderAgent<?> a : agents) {
            work += a.doWork(now);
        }
        if (periodic) {
            long next = Long.MAX_VALUE;
            for (ReaderAgent<?> a : agents) {
                next = Math.min(next, a.nextWakeNanos());
            }
            waiter.awaitDeadline(next);
            long woke = clock.nanoTime();
            for (ReaderAgent<?> a : agents) {
                if (woke - next < 0 && a.nextWakeNanos() == next) {
                    a.stats().earlyWakeups.increment();
                }
            }
        } else {
            idle.idle(work);
        }
    }
}
