package io.afferent.telemetry;

import java.util.Map;

/**
 * A snapshot of the publisher's counters. Per kind (the {@link MessageKind} words) the accounting is exact:
 * {@code offered == published + dropped + rejected + unsent + queued + in flight}, where {@code dropped}
 * is what the full buffer pushed out (the oldest first), {@code rejected} what the broker refused, and
 * {@code unsent} what was still buffered when the shutdown deadline passed. The client's own messages
 * (the status, online on connect and offline on stop, and its {@code telemetry_reconnected} events) are
 * published beside the buffer and counted in {@code ownPublished} only.
 *
 * @param connects          successful connections (the first one included)
 * @param connectFailures   connection attempts that failed, and connections lost
 * @param droppedByTopic    drops of {@code topics/NAME} messages by topic name
 * @param ownPublished      the client's own messages the broker acknowledged
 */
public record TelemetryCounters(boolean connected, long connects, long connectFailures, Map<String, Long> offered,
                                Map<String, Long> published, Map<String, Long> dropped, Map<String, Long> droppedByTopic,
                                Map<String, Long> rejected, Map<String, Long> unsent, long ownPublished, int queued, int inFlight) {
    public TelemetryCounters {
        offered = Map.copyOf(offered);
        published = Map.copyOf(published);
        dropped = Map.copyOf(dropped);
        droppedByTopic = Map.copyOf(droppedByTopic);
        rejected = Map.copyOf(rejected);
        unsent = Map.copyOf(unsent);
    }

    public long reconnects() {
        return Math.max(0, connects - 1);
    }

    public long offeredTotal() {
        return sum(offered);
    }

    public long publishedTotal() {
        return sum(published);
    }

    public long droppedTotal() {
        return sum(dropped);
    }

    public long rejectedTotal() {
        return sum(rejected);
    }

    public long unsentTotal() {
        return sum(unsent);
    }

    public long of(Map<String, Long> m, MessageKind kind) {
        return m.getOrDefault(kind.word(), 0L);
    }

    private static long sum(Map<String, Long> m) {
        long s = 0;
        for (long v : m.values()) s += v;
        return s;
    }
}
