package io.afferent.drivers.testing;

import io.afferent.api.Counter;

import java.util.concurrent.atomic.AtomicLong;

/** A {@link Counter} for tests. Any thread. */
public final class TestCounter implements Counter {
    private final AtomicLong value = new AtomicLong();

    @Override
    public void increment() {
        value.incrementAndGet();
    }

    @Override
    public void add(long n) {
        value.addAndGet(n);
    }

    @Override
    public long get() {
        return value.get();
    }
}
