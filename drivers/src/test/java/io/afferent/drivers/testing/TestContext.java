package io.afferent.drivers.testing;

import io.afferent.api.Clock;
import io.afferent.api.Counter;
import io.afferent.api.SourceContext;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link SourceContext} for tests: records reject counters and connection changes. */
public final class TestContext implements SourceContext {
    public record Change(boolean connected, String detail) {
    }

    private final Clock clock;
    private final Map<String, TestCounter> counters = new ConcurrentHashMap<>();
    public final List<Change> changes = new CopyOnWriteArrayList<>();
    public volatile boolean running = true;

    public TestContext(Clock clock) {
        this.clock = clock;
    }

    /** On the system clock. */
    public TestContext() {
        this(System::nanoTime);
    }

    @Override
    public String sourceName() {
        return "test";
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public Counter rejectCounter(String reason) {
        return counters.computeIfAbsent(reason, r -> new TestCounter());
    }

    @Override
    public void connectionChanged(boolean connected, String detail) {
        changes.add(new Change(connected, detail));
    }

    @Override
    public boolean running() {
        return running;
    }

    /** The count of rejects for {@code reason}; 0 when the source never made that counter. */
    public long count(String reason) {
        TestCounter c = counters.get(reason);
        return c == null ? 0 : c.get();
    }
}
