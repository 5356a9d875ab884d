package io.afferent.runtime.rt;

/**
 * Waits for an absolute deadline on the {@link System#nanoTime()} timeline, for periodic readers that schedule
 * against {@code start + k * period}. The caller takes the time after the wait and measures lateness; a waiter only
 * waits. Implementations are stateless and may be shared; each call acts on the calling thread.
 *
 * <p>CPU cost per wake-up at rate {@code R} (measured by {@code afferent calibrate}, which prints each thread's CPU
 * use):
 * <ul>
 *   <li>{@link #sleeping}: one {@code clock_nanosleep} and two context switches, a few microseconds of CPU per
 *       wake-up (well under 1% of a core at 1 kHz). Precision: the timer slack (50 us by default, about 3 us with
 *       slack 1 ns or SCHED_FIFO) plus scheduling latency.</li>
 *   <li>{@link #sleepThenSpin} with {@code spinNanos = S}: sleeps to {@code deadline - S}, then busy-waits on
 *       {@code System.nanoTime()}. Costs {@code S * R} of a core on top of sleeping (20 us at 1 kHz = 2% of a core),
 *       more when the sleep itself wakes late. Gives sub-10 us precision when the sleep's own lateness is below
 *       {@code S}; with the default 50 us slack, S must exceed ~60 us.</li>
 *   <li>{@link #spinning}: never sleeps: 100% of a core, whatever the rate; precision ~ the cost of
 *       {@code nanoTime()} unless the thread is preempted. For a dedicated, isolated CPU only.</li>
 * </ul>
 */
@FunctionalInterface
public interface DeadlineWaiter {
    /** Returns at or after {@code deadlineNanos}, or earlier if the thread is interrupted. */
    void awaitDeadline(long deadlineNanos);

    /** Sleeps with {@link RealtimePlatform#sleepUntil}; no spinning. */
    static DeadlineWaiter sleeping(RealtimePlatform platform) {
        return platform::sleepUntil;
    }

    /** Sleeps until {@code spinNanos} before the deadline, then spins; {@code spinNanos == 0} is {@link #sleeping}. */
    static DeadlineWaiter sleepThenSpin(RealtimePlatform platform, long spinNanos) {
        if (spinNanos < 0) {
            throw new IllegalArgumentException("spinNanos must be >= 0, not " + spinNanos);
        }
        if (spinNanos == 0) {
            return sleeping(platform);
        }
        return deadline -> {
            platform.sleepUntil(deadline - spinNanos);
            spinUntil(deadline);
        };
    }

    /** Spins on {@code System.nanoTime()} with {@link Thread#onSpinWait()}: a full core. */
    static DeadlineWaiter spinning() {
        return DeadlineWaiter::spinUntil;
    }

    /** Busy-waits until {@code deadlineNanos}; returns early if the thread is interrupted. */
    static void spinUntil(long deadlineNanos) {
        Thread self = Thread.currentThread();
        while (System.nanoTime() - deadlineNanos < 0) {
            if (self.isInterrupted()) {
                return;
            }
            Thread.onSpinWait();
        }
    }
}
