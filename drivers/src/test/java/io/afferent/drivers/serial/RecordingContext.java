package io.afferent.drivers.serial;

import io.afferent.runtime.clock.NanoClock;
import io.afferent.runtime.source.SourceContext;
import io.afferent.runtime.timing.Counter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A SourceContext for tests: records connection changes and reject counters. */
public final class RecordingContext implements SourceContext {
    record Change(boolean connected, String detail) {
    }

    final Map<String, Counter> counters = new ConcurrentHashMap<>();
    final List<Change> changes = new CopyOnWriteArrayList<>();
    volatile boolean running = true;

    @Override
    public String sourceName() {
        return "test";
    }

    @Override
    public NanoClock clock() {
        return NanoClock.SYSTEM;
    }

    @Override
    public Counter rejectCounter(String reason) {
        return counters.computeIfAbsent(reason, Counter::new);
    }

    @Override
    public void connectionChanged(boolean connected, String detail) {
        changes.add(new Change(connected, detail));
    }

    @Override
    public boolean running() {
        return running;
    }

    public long count(String reason) {
        Counter c = counters.get(reason);
        return c == null ? 0 : c.get();
    }
}
