package io.afferent.fusion;

import io.afferent.api.Counter;

/**
 * A counter of a processor that is not part of a run (the warm-up copy, tests, benchmarks). Single writer;
 * {@link #get()} from any thread (volatile, as the run's counters are).
 */
final class LocalCounter implements Counter {
    private volatile long value;

    @Override
    public void increment() {
        value++;
    }

    @Override
    public void add(long n) {
        value += n;
    }

    @Override
    public long get() {
        return value;
    }
}
