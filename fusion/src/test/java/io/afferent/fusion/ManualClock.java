package io.afferent.fusion;

import io.afferent.api.Clock;

/** A clock that moves only when told: virtual time for tests. */
final class ManualClock implements Clock {
    private long now;

    ManualClock(long start) {
        now = start;
    }

    void advanceTo(long t) {
        now = t;
    }

    @Override
    public long nanoTime() {
        return now;
    }
}
