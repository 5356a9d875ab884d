package io.afferent.runtime.clock;

import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when told to; for deterministic tests. Any thread may read or advance it. */
public final class ManualClock implements NanoClock {
    private final AtomicLong nowNanos;

    public ManualClock(long startNanos) {
        this.nowNanos = new AtomicLong(startNanos);
    }

    @Override
    public long nanoTime() {
        return nowNanos.get();
    }

    public void advanceNanos(long deltaNanos) {
        if (deltaNanos < 0) {
            throw new IllegalArgumentException("a monotonic clock cannot go back: " + deltaNanos);
        }
        nowNanos.addAndGet(deltaNanos);
    }

    /** Moves the clock to {@code targetNanos} if that is later than now. */
    public void advanceTo(long targetNanos) {
        nowNanos.accumulateAndGet(targetNanos, Math::max);
    }
}
