package io.afferent.runtime.timing;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A monotonically increasing count. Single writer (the owning thread increments it with a plain read
 * and an ordered write, no atomic instruction); any thread may read it.
 */
public final class Counter implements io.afferent.api.Counter {
    private static final VarHandle VALUE;

    static {
        try {
            VALUE = MethodHandles.lookup().findVarHandle(Counter.class, "value", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String name;
    @SuppressWarnings("unused") // accessed through VALUE
    private long value;

    public Counter(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** Owner thread only. */
    @Override
    public void increment() {
        VALUE.setRelease(this, (long) VALUE.get(this) + 1);
    }

    /** Owner thread only. */
    @Override
    public void add(long delta) {
        VALUE.setRelease(this, (long) VALUE.get(this) + delta);
    }

    /** Any thread. */
    @Override
    public long get() {
        return (long) VALUE.getAcquire(this);
    }
}
