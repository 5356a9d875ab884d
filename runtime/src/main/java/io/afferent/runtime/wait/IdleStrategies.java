package io.afferent.runtime.wait;

import io.afferent.config.WaitName;

import java.util.concurrent.locks.LockSupport;

/**
 * The idle strategies a profile can name, with their cost. CPU figures are per idle thread:
 * <ul>
 *   <li>{@code spin}: busy loop with {@link Thread#onSpinWait()}; lowest latency (tens of ns), burns a
 *       whole core.</li>
 *   <li>{@code yield}: {@link Thread#yield()} in a loop; sub-microsecond to a few µs, burns a core unless
 *       other threads want it.</li>
 *   <li>{@code backoff}: spins, then yields, then parks for a growing 1 µs..1 ms; latency up to about
 *       1 ms after a quiet spell, a few % of a core.</li>
 *   <li>{@code sleep}: parks 100 µs at a time; latency up to ~150 µs (timer slack), about 1-3% of a core.</li>
 *   <li>{@code block}: parks until a producer signals new data ({@link StageWakeup}); latency of a
 *       thread wake-up (5-50 µs), no CPU while idle. Producers pay a fence and a volatile read per publish.</li>
 * </ul>
 */
public final class IdleStrategies {
    private IdleStrategies() {
    }

    /**
     * @param wakeup the signal to block on for {@code block}; null where nothing signals (then block
     *               parks for 1 ms at a time, like a slow {@code sleep})
     */
    public static IdleStrategy create(WaitName name, StageWakeup wakeup) {
        return switch (name) {
            case SPIN -> new Named("spin", () -> Thread.onSpinWait());
            case YIELD -> new Named("yield", Thread::yield);
            case SLEEP -> new Named("sleep", () -> LockSupport.parkNanos(100_000));
            case BACKOFF -> new Backoff();
            case BLOCK -> wakeup != null ? new Block(wakeup) : new Named("block", () -> LockSupport.parkNanos(1_000_000));
        };
    }

    private record Named(String name, Runnable action) implements IdleStrategy {
        @Override
        public void idle(int workCount) {
            if (workCount == 0) {
                action.run();
            }
        }
    }

    private static final class Backoff implements IdleStrategy {
        private static final int SPINS = 100;
        private static final int YIELDS = 20;
        private static final long MIN_PARK_NANOS = 1_000;
        private static final long MAX_PARK_NANOS = 1_000_000;
        private int idleCycles;
        private long parkNanos = MIN_PARK_NANOS;

        @Override
        public void idle(int workCount) {
            if (workCount > 0) {
                idleCycles = 0;
                parkNanos = MIN_PARK_NANOS;
                return;
            }
            idleCycles++;
            if (idleCycles <= SPINS) {
                Thread.onSpinWait();
            } else if (idleCycles <= SPINS + YIELDS) {
                Thread.yield();
            } else {
                LockSupport.parkNanos(parkNanos);
                parkNanos = Math.min(parkNanos << 1, MAX_PARK_NANOS);
            }
        }

        @Override
        public String name() {
            return "backoff";
        }
    }

    private record Block(StageWakeup wakeup) implements IdleStrategy {
        @Override
        public void idle(int workCount) {
            if (workCount == 0) {
                wakeup.await();
            }
        }

        @Override
        public String name() {
            return "block";
        }
    }
}
