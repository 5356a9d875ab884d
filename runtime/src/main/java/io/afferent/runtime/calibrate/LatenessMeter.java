package io.afferent.runtime.calibrate;

import io.afferent.runtime.clock.NanoClock;
import io.afferent.runtime.rt.DeadlineWaiter;

/**
 * The measuring loop of cyclictest in Java: wake at {@code start + k * period} (absolute timeline, no drift), take
 * the time, record lateness = wake − deadline. A wake-up that is more than a period late records the missed deadlines
 * too ({@code recordValueWithExpectedInterval}, coordinated-omission correct) and the loop resumes at the last deadline
 * that went by, so a 50 ms stall at 1 kHz shows as 50 samples from 50 ms down to 1 ms plus one below 1 ms: exactly
 * what cyclictest, which wakes for each missed deadline, records. A wake-up before its deadline (spurious) is counted as early, not recorded, and the
 * loop waits again for the same deadline.
 *
 * <p>Single writer: one measuring thread owns a meter; {@link #stop()} may be called from any thread.
 */
public final class LatenessMeter {
    /** Where lateness goes; HdrHistogram's {@code Histogram} and {@code SingleWriterRecorder} both fit. */
    @FunctionalInterface
    public interface Sink {
        void recordLateness(long latenessNs, long expectedIntervalNs);
    }

    private final NanoClock clock;
    private final DeadlineWaiter waiter;
    private final long periodNs;
    private final Sink sink;
    private volatile boolean stopped;
    private long early;
    private long wakeups;

    public LatenessMeter(NanoClock clock, DeadlineWaiter waiter, long periodNs, Sink sink) {
        if (periodNs <= 0) {
            throw new IllegalArgumentException("periodNs must be > 0, not " + periodNs);
        }
        this.clock = clock;
        this.waiter = waiter;
        this.periodNs = periodNs;
        this.sink = sink;
    }

    /**
     * Runs the timeline {@code firstDeadlineNanos + k * periodNs} for every deadline up to {@code endNanos}
     * (inclusive), or until {@link #stop()} or an interrupt. Returns the number of deadlines the histogram covers.
     */
    public long run(long firstDeadlineNanos, long endNanos) {
        long next = firstDeadlineNanos;
        long startAt = next;
        Thread self = Thread.currentThread();
        while (!stopped && !self.isInterrupted() && next - endNanos <= 0) {
            next = step(next);
        }
        return (next - startAt) / periodNs;
    }

    /**
     * Makes {@code wakeups} waits for deadlines {@code leadNs} ahead of now, recording as {@link #run} does, so that
     * the JIT compiles the wait-and-record path before a measurement. Use a meter with a scratch sink.
     */
    public void warmUp(int wakeups, long leadNs) {
        for (int i = 0; i < wakeups && !Thread.currentThread().isInterrupted(); i++) {
            step(clock.nanoTime() + leadNs);
        }
    }

    /** Waits for {@code deadline}, records, and returns the next deadline (the same one after an early wake-up). */
    private long step(long deadline) {
        waiter.awaitDeadline(deadline);
        long now = clock.nanoTime();
        long latenessNs = now - deadline;
        if (latenessNs < 0) {
            early++;
            return deadline;
        }
        wakeups++;
        sink.recordLateness(latenessNs, periodNs);
        // The histogram has synthesised the deadlines that went by at least a period ago; resume at the one that went
        // by less than a period ago (if any): waiting for it returns at once and records its residual lateness.
        return deadline + Math.max(1, latenessNs / periodNs) * periodNs;
    }

    /** Asks {@link #run} to return after its current wait. */
    public void stop() {
        stopped = true;
    }

    /** Wake-ups before their deadline (spurious); not in the histogram. Read after {@link #run} returns. */
    public long early() {
        return early;
    }

    /** Wake-ups recorded (each late or on time); read after {@link #run} returns. */
    public long wakeups() {
        return wakeups;
    }

    public long periodNs() {
        return periodNs;
    }
}
