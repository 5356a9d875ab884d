package io.afferent.fusion;

import io.afferent.api.Counter;

/**
 * Health of one input source, after PX4's DataValidator: a timeout (no sample for too long), stuck
 * values (the same reading bit for bit for too many samples) and an error density (+1 per bad sample,
 * -1 per good one, capped at twice the limit; failing when it reaches the limit and taken back only
 * when it is down to zero again, which is the hysteresis). Everything is in sample time, so it
 * runs the same in virtual time.
 *
 * <p>Single thread: the stage thread; {@link #flags()} and the counters may be read racily by others.
 */
final class SourceValidator {
    private final long timeoutNanos;
    private final int stuckLimit;
    private final int errorLimit;

    private boolean seen;
    private long lastNanos;
    private long lastFingerprint;
    private int stuckRun;
    private int errorDensity;
    private volatile int flags;
    private final Counter failures;
    private long badSamples;

    /**
     * @param stuckLimit identical readings in a row that make the source stuck (0: never)
     * @param failures   counts the times the source goes from usable to failed
     */
    SourceValidator(long timeoutNanos, int stuckLimit, int errorLimit, Counter failures) {
        this.timeoutNanos = timeoutNanos;
        this.stuckLimit = stuckLimit;
        this.errorLimit = errorLimit;
        this.failures = failures;
    }

    void reset() {
        seen = false;
        stuckRun = 0;
        errorDensity = 0;
        flags = 0;
    }

    /**
     * Records one sample and returns whether the source may be used for it.
     *
     * @param error       the sample is malformed or implausible
     * @param fingerprint a hash of the reading's raw bits, for the stuck check
     */
    boolean onSample(long tNanos, boolean error, long fingerprint) {
        boolean wasUsable = usable();
        if (seen && fingerprint == lastFingerprint && !error) {
            stuckRun++;
        } else {
            stuckRun = 0;
        }
        lastFingerprint = fingerprint;
        if (error) {
            badSamples++;
            errorDensity = Math.min(2 * errorLimit, errorDensity + 1);
        } else if (errorDensity > 0) {
            errorDensity--;
        }
        lastNanos = seen ? Math.max(lastNanos, tNanos) : tNanos;
        seen = true;
        int f = FusionFlags.SEEN;
        if (stuckLimit > 0 && stuckRun >= stuckLimit) f |= FusionFlags.STUCK;
        boolean failingOnErrors = (flags & FusionFlags.ERRORS) != 0;
        if (errorDensity >= errorLimit || failingOnErrors && errorDensity > 0) {
            f |= FusionFlags.ERRORS;
        }
        flags = f;
        boolean now = usable();
        if (wasUsable && !now) failures.increment();
        return now && !error;
    }

    /** Marks the source timed out when its last sample is older than {@code nowNanos - timeout}. */
    void checkTimeout(long nowNanos) {
        int f = flags;
        if (!seen || (f & FusionFlags.TIMEOUT) != 0) {
            return;
        }
        if (nowNanos - lastNanos > timeoutNanos) {
            if ((f & FusionFlags.FAILED) == 0) failures.increment();
            flags = f | FusionFlags.TIMEOUT;
        }
    }

    boolean usable() {
        int f = flags;
        return (f & FusionFlags.SEEN) != 0 && (f & FusionFlags.FAILED) == 0;
    }

    int flags() {
        return flags;
    }

    /** Times the source went from usable to failed. */
    long failures() {
        return failures.get();
    }

    long badSamples() {
        return badSamples;
    }
}
