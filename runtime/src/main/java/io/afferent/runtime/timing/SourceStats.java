package io.afferent.runtime.timing;


import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Counts and timings of one source. Single writer: the source's reader thread (counters, recorders);
 * any thread may read counters; the reporter thread samples the recorders.
 */
public final class SourceStats {
    /** A change of connection state, with the wall-clock time it happened. */
    public record ConnectionEvent(long epochMillis, boolean connected, String detail) {
    }

    private final String name;
    private final long periodNanos;
    public final Counter samples = new Counter("samples");
    public final Counter dropped = new Counter("dropped");
    public final Counter errors = new Counter("errors");
    public final Counter restarts = new Counter("restarts");
    /** Periods skipped because the reader woke more than a period late (still counted in lateness). */
    public final Counter missedPeriods = new Counter("missed_periods");
    /**
     * Samples of missed periods that a source holding its samples delivered after a late wake-up, stamped with
     * their own period's time (also counted in {@link #samples}).
     */
    public final Counter caughtUp = new Counter("caught_up");
    /** Wake-ups before the deadline (spurious); never recorded as negative lateness. */
    public final Counter earlyWakeups = new Counter("early_wakeups");
    private final Map<String, Counter> rejects = new ConcurrentHashMap<>();
    private final List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
    private volatile boolean connected = true;
    private final LatencyRecorder lateness;
    private final LatencyRecorder interval;
    private final LatencyRecorder publish;
    private volatile long firstPublishedNanos = Long.MIN_VALUE;

    public SourceStats(String name, long periodNanos) {
        this.name = name;
        this.periodNanos = periodNanos;
        this.lateness = periodNanos > 0 ? new LatencyRecorder("source." + name + ".lateness") : null;
        this.interval = new LatencyRecorder("source." + name + ".interval", false);
        this.publish = new LatencyRecorder("source." + name + ".publish", false);
    }

    public String name() {
        return name;
    }

    /** Period of a periodic source, 0 for a streaming one. */
    public long periodNanos() {
        return periodNanos;
    }

    /** Null for streaming sources. */
    public LatencyRecorder lateness() {
        return lateness;
    }

    public LatencyRecorder interval() {
        return interval;
    }

    /**
     * Acquisition to publication: the reader's own time between stamping a sample and handing it to the ring
     * (making the sample: a simulated sensor's models, a parser's decoding). The first part of end-to-end latency;
     * the stage's queue and service times are the rest.
     */
    public LatencyRecorder publish() {
        return publish;
    }

    /** Reader thread: the first publication of the run (clock nanos); once. */
    public void firstPublished(long nanos) {
        if (firstPublishedNanos == Long.MIN_VALUE) {
            firstPublishedNanos = nanos;
        }
    }

    /** When the source first published (clock nanos), or {@link Long#MIN_VALUE} if it never did. Any thread. */
    public long firstPublishedNanos() {
        return firstPublishedNanos;
    }

    /** Creates (once per reason) the counter a source increments when it rejects input. */
    public Counter rejectCounter(String reason) {
        return rejects.computeIfAbsent(reason, Counter::new);
    }

    public Map<String, Counter> rejects() {
        return rejects;
    }

    public long rejectedTotal() {
        long sum = 0;
        for (Counter c : rejects.values()) {
            sum += c.get();
        }
        return sum;
    }

    public void connectionChanged(boolean nowConnected, String detail) {
        connected = nowConnected;
        events.add(new ConnectionEvent(System.currentTimeMillis(), nowConnected, detail));
    }

    public boolean connected() {
        return connected;
    }

    public List<ConnectionEvent> events() {
        return List.copyOf(events);
    }
}
