package io.afferent.runtime.wait;

import io.afferent.config.WaitName;
import io.afferent.runtime.rt.RealtimePlatform;

/**
 * Waits until an absolute deadline on the {@link System#nanoTime()} timeline, for periodic readers.
 * {@code spin} and {@code yield} burn a core; the others sleep through the platform
 * ({@code clock_nanosleep(TIMER_ABSTIME)} on Linux) and then spin the last {@code spinNanos}
 * before the deadline (0 by default; 20-50 µs buys sub-10 µs precision at that much CPU per period).
 * Single thread: its reader.
 */
public final class DeadlineWaiter {
    private final WaitName mode;
    private final RealtimePlatform platform;
    private final long spinNanos;

    public DeadlineWaiter(WaitName mode, RealtimePlatform platform, long spinNanos) {
        this.mode = mode;
        this.platform = platform;
        this.spinNanos = spinNanos;
    }

    public void waitUntil(long deadlineNanos) {
        switch (mode) {
            case SPIN -> spinUntil(deadlineNanos);
            case YIELD -> {
                while (System.nanoTime() < deadlineNanos) {
                    Thread.yield();
                }
            }
            default -> {
                long sleepUntil = deadlineNanos - spinNanos;
                if (sleepUntil - System.nanoTime() > 0) {
                    platform.sleepUntil(sleepUntil);
                }
                if (spinNanos > 0) {
                    spinUntil(deadlineNanos);
                }
            }
        }
    }

    private static void spinUntil(long deadlineNanos) {
        while (System.nanoTime() < deadlineNanos) {
            Thread.onSpinWait();
        }
    }
}
