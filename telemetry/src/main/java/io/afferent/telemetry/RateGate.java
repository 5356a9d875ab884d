package io.afferent.telemetry;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets at most one event through per period, on an absolute timeline ({@code first + k·period}) with a
 * tolerance of a tenth of the period, so that an offer a little early (a reporter tick that jitters) is
 * not skipped and the long-run rate is the configured one. When offers stop for a while, the timeline
 * restarts from the next offer instead of letting a burst through.
 *
 * <p>Thread-safe (compare-and-set); any thread.
 */
final class RateGate {
    private static final long UNSET = Long.MIN_VALUE;
    private final long periodNanos;
    private final long toleranceNanos;
    private final AtomicLong nextDueNanos = new AtomicLong(UNSET);

    RateGate(long periodNanos) {
        this.periodNanos = periodNanos;
        this.toleranceNanos = periodNanos / 10;
    }

    /** Whether an offer at {@code nowNanos} would pass, without taking the slot. */
    boolean due(long nowNanos) {
        long due = nextDueNanos.get();
        return due == UNSET || nowNanos - (due - toleranceNanos) >= 0;
    }

    /** Takes the slot if one is due at {@code nowNanos}. */
    boolean tryPass(long nowNanos) {
        while (true) {
            long due = nextDueNanos.get();
            if (due != UNSET && nowNanos - (due - toleranceNanos) < 0) {
                return false;
            }
            long next = due == UNSET ? nowNanos + periodNanos : due + periodNanos;
            if (next - nowNanos <= 0) {
                next = nowNanos + periodNanos;
            }
            if (nextDueNanos.compareAndSet(due, next)) {
                return true;
            }
        }
    }
}
