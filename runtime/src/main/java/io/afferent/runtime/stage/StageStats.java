package io.afferent.runtime.stage;

import io.afferent.runtime.timing.Counter;
import io.afferent.runtime.timing.LatencyRecorder;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts and timings of one stage. Single writer: the stage thread; the reporter thread reads counters
 * and samples the recorders.
 */
public final class StageStats {
    private final String name;
    private final long deadlineNanos;
    public final Counter events = new Counter("events");
    public final Counter deadlineMisses = new Counter("deadline_misses");
    public final Counter errors = new Counter("errors");
    private final LatencyRecorder queue;
    private final LatencyRecorder service;
    private final Map<String, Counter> consumedByInput = new LinkedHashMap<>();
    private final Map<String, LatencyRecorder> endToEndByInput = new LinkedHashMap<>();
    private final Map<String, Counter> counters;

    public StageStats(String name, long deadlineNanos, List<String> inputs) {
        this(name, deadlineNanos, inputs, Map.of());
    }

    /** @param counters the stage's own counters (made through its set-up), for readers of live figures */
    public StageStats(String name, long deadlineNanos, List<String> inputs, Map<String, Counter> counters) {
        this.counters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(counters));
        this.name = name;
        this.deadlineNanos = deadlineNanos;
        this.queue = new LatencyRecorder("stage." + name + ".queue", false);
        this.service = new LatencyRecorder("stage." + name + ".service", false);
        for (String in : inputs) {
            consumedByInput.put(in, new Counter("consumed"));
            endToEndByInput.put(in, new LatencyRecorder("e2e." + name + "." + in, false));
        }
    }

    public String name() {
        return name;
    }

    public long deadlineNanos() {
        return deadlineNanos;
    }

    public LatencyRecorder queue() {
        return queue;
    }

    public LatencyRecorder service() {
        return service;
    }

    public Counter consumed(String input) {
        return consumedByInput.get(input);
    }

    public Map<String, Counter> consumedByInput() {
        return consumedByInput;
    }

    public Map<String, LatencyRecorder> endToEndByInput() {
        return endToEndByInput;
    }

    /** The stage's own counters by name (an output's safety stops, a plugin's figures); any thread reads them. */
    public Map<String, Counter> counters() {
        return counters;
    }
}
