package io.afferent.fusion;

import io.afferent.api.Clock;

/**
 * Where the time of one stage call went, step by step (WPILib's Tracer epochs), recorded without
 * allocation: {@link #begin()} at the start of the call, {@link #mark(int)} after each step (the time
 * since the previous mark is added to that step), {@link #end()} at the end. A call that took longer
 * than the budget leaves a copy of its breakdown that the reporter can read with
 * {@link #lastMiss(long[])} or, rate-limited, {@link #warningIfDue(long)}. Per-step totals over all
 * calls are kept as well.
 *
 * <p>Single writer: the stage thread calls begin/mark/end. The reporter thread calls lastMiss,
 * warningIfDue, misses and totalNanos. The miss copy is guarded by a lock taken only on a miss (rare,
 * uncontended: simpler than a seqlock and needs no lock-free proof); the totals are read racily.
 */
public final class StepTracer {
    /** At most one warning per this many nanos. */
    public static final long WARN_INTERVAL_NANOS = 1_000_000_000L;

    private final Clock clock;
    private final String[] names;
    private final long budgetNanos;
    private final long[] current;
    private final long[] totals;
    private long startNanos;
    private long lastNanos;
    private long lastTotalNanos;
    private volatile long calls;

    private final Object missLock = new Object();
    private final long[] missSteps;
    private long missTotalNanos;
    private long missAtNanos;
    private volatile long misses;
    private long worstMissNanos;

    // reporter-thread state for rate limiting
    private long lastWarnNanos = Long.MIN_VALUE;
    private long missesAtLastWarn;

    public StepTracer(Clock clock, long budgetNanos, String... stepNames) {
        this.clock = clock;
        this.budgetNanos = budgetNanos;
        this.names = stepNames.clone();
        this.current = new long[names.length];
        this.totals = new long[names.length];
        this.missSteps = new long[names.length];
    }

    public int steps() {
        return names.length;
    }

    public String stepName(int step) {
        return names[step];
    }

    public long budgetNanos() {
        return budgetNanos;
    }

    /** Stage thread: starts a call. */
    public void begin() {
        long now = clock.nanoTime();
        startNanos = now;
        lastNanos = now;
        java.util.Arrays.fill(current, 0);
    }

    /** Stage thread: charges the time since the previous mark (or begin) to {@code step}. */
    public void mark(int step) {
        long now = clock.nanoTime();
        current[step] += now - lastNanos;
        lastNanos = now;
    }

    /**
     * Stage thread: ends the call; returns its total nanos. A call over budget is copied as the last
     * miss.
     */
    public long end() {
        long now = clock.nanoTime();
        long total = now - startNanos;
        lastTotalNanos = total;
        for (int i = 0; i < current.length; i++) {
            totals[i] += current[i];
        }
        calls++;
        if (total > budgetNanos) {
            synchronized (missLock) {
                System.arraycopy(current, 0, missSteps, 0, current.length);
                missTotalNanos = total;
                missAtNanos = now;
                worstMissNanos = Math.max(worstMissNanos, total);
                misses++;
            }
        }
        return total;
    }

    /** Stage thread: the time {@link #end()} was called at (the end of the last call). */
    public long lastEndNanos() {
        return startNanos + lastTotalNanos;
    }

    /** Stage thread: total nanos of the last call. */
    public long lastTotalNanos() {
        return lastTotalNanos;
    }

    /** Calls over budget so far. Any thread. */
    public long misses() {
        return misses;
    }

    public long calls() {
        return calls;
    }

    /** Racy per-step total over all calls (reporter: "where the time goes" on average). */
    public long totalNanos(int step) {
        return totals[step];
    }

    /**
     * Reporter thread: copies the breakdown of the last call over budget into {@code stepNanos} (length
     * {@link #steps()}) and returns its total nanos, or -1 when there was none.
     */
    public long lastMiss(long[] stepNanos) {
        synchronized (missLock) {
            if (misses == 0) {
                return -1;
            }
            System.arraycopy(missSteps, 0, stepNanos, 0, missSteps.length);
            return missTotalNanos;
        }
    }

    /**
     * Reporter thread: a one-line warning with the breakdown of the last miss when there were misses
     * since the previous warning and that warning is at least a second old; otherwise null. E.g.
     * {@code 3 deadline misses (worst 612 µs, budget 200 µs); last 412 µs: replay 371, predict 12, ...}.
     */
    public String warningIfDue(long nowNanos) {
        long m = misses;
        if (m == missesAtLastWarn || lastWarnNanos != Long.MIN_VALUE && nowNanos - lastWarnNanos < WARN_INTERVAL_NANOS) {
            return null;
        }
        long[] steps = new long[names.length];
        long total;
        long worst;
        synchronized (missLock) {
            System.arraycopy(missSteps, 0, steps, 0, steps.length);
            total = missTotalNanos;
            worst = worstMissNanos;
            m = misses;
        }
        StringBuilder sb = new StringBuilder();
        sb.append(m - missesAtLastWarn).append(" deadline miss").append(m - missesAtLastWarn == 1 ? "" : "es")
                .append(" (worst ").append(micros(worst)).append(" µs, budget ").append(micros(budgetNanos))
                .append(" µs); last ").append(micros(total)).append(" µs:");
        boolean first = true;
        for (int k = 0; k < steps.length; k++) {
            int best = -1;
            for (int i = 0; i < steps.length; i++) {
                if (steps[i] >= 0 && (best < 0 || steps[i] > steps[best])) best = i;
            }
            if (best < 0 || steps[best] == 0) break;
            sb.append(first ? " " : ", ").append(names[best]).append(' ').append(micros(steps[best]));
            steps[best] = -1;
            first = false;
        }
        missesAtLastWarn = m;
        lastWarnNanos = nowNanos;
        return sb.toString();
    }

    private static String micros(long nanos) {
        return nanos >= 10_000 ? Long.toString(nanos / 1000) : String.format("%.1f", nanos / 1000.0);
    }
}
