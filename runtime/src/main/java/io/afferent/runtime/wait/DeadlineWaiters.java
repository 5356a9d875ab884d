package io.afferent.runtime.wait;

import io.afferent.config.WaitName;
import io.afferent.runtime.rt.DeadlineWaiter;
import io.afferent.runtime.rt.RealtimePlatform;

/**
 * How a periodic reader waits for its next deadline, by the profile's wait name:
 * <ul>
 *   <li>{@code sleep}, {@code block}, {@code backoff}: sleep through the platform
 *       ({@code clock_nanosleep(TIMER_ABSTIME)} on Linux), then spin the last {@code spinNanos}
 *       (0 by default). About 1% of a core at 1 kHz; precision is the timer slack (50 µs by default,
 *       ~3 µs with {@code timer_slack: 1ns} or SCHED_FIFO); a spin of S costs S × rate of a core.</li>
 *   <li>{@code yield}: {@link Thread#yield()} until the deadline; a core unless others want it.</li>
 *   <li>{@code spin}: busy until the deadline; a whole core, for an isolated CPU.</li>
 * </ul>
 */
public final class DeadlineWaiters {
    private DeadlineWaiters() {
    }

    public static DeadlineWaiter forReader(WaitName name, RealtimePlatform platform, long spinNanos) {
        return switch (name) {
            case SPIN -> DeadlineWaiter.spinning();
            case YIELD -> deadline -> {
                while (System.nanoTime() - deadline < 0) {
                    Thread.yield();
                }
            };
            case SLEEP, BLOCK, BACKOFF -> DeadlineWaiter.sleepThenSpin(platform, spinNanos);
        };
    }
}
