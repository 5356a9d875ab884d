package io.afferent.drivers.serial;

import io.afferent.api.Counter;

/**
 * Copies a parser's plain {@code long} counts into the run's report counters, by delta, once per poll
 * (cheaper than an ordered store per byte, and the parser stays free of runtime wiring). Single thread.
 */
final class CounterMirror {
    private final Counter[] counters;
    private final long[] mirrored;

    CounterMirror(Counter[] counters) {
        this.counters = counters;
        this.mirrored = new long[counters.length];
    }

    void update(int i, long count) {
        long delta = count - mirrored[i];
        if (delta != 0) {
            counters[i].add(delta);
            mirrored[i] = count;
        }
    }
}
