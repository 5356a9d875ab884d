package io.afferent.sim.fault;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Which faults were injected when, for the run's report. Entries are added when a fault takes effect
 * (its first affected sample or byte), stamped with the fault's scheduled simulated time, so the log is
 * the same in real and virtual time. Thread-safe: any thread may add (readers, serve writers) and read.
 */
public final class FaultLog {
    /**
     * @param timeNanos simulated time of the event since the world's origin
     * @param sensor    source name in the profile
     * @param fault     {@code dropout}, {@code stuck}, {@code latency}, {@code corrupt}, {@code disconnect},
     *                  {@code reconnect}
     * @param detail    human-readable specifics ("for 2.000 s", "link /tmp/afferent/gps0 -> /dev/pts/7")
     */
    public record Entry(long timeNanos, String sensor, String fault, String detail) {
    }

    private final ConcurrentLinkedQueue<Entry> entries = new ConcurrentLinkedQueue<>();

    public void add(long timeNanos, String sensor, String fault, String detail) {
        entries.add(new Entry(timeNanos, sensor, fault, detail));
    }

    /** A snapshot sorted by time, then sensor. */
    public List<Entry> entries() {
        List<Entry> out = new ArrayList<>(entries);
        out.sort(Comparator.comparingLong(Entry::timeNanos).thenComparing(Entry::sensor));
        return out;
    }

    public int size() {
        return entries.size();
    }
}
