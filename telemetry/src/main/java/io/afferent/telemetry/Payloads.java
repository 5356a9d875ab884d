package io.afferent.telemetry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Map;

/**
 * The JSON payloads of every telemetry topic, as documented in {@code telemetry/PAYLOADS.md} (the contract:
 * fields may be added, these names stay). Times are ISO-8601 UTC with milliseconds; durations and figures
 * carry their unit in their name. A number that is not finite is written as null. Stateless; any thread.
 */
public final class Payloads {
    public static final String STATUS_SCHEMA = "afferent.telemetry.status/1";
    public static final String INTERVAL_SCHEMA = "afferent.telemetry.interval/1";
    public static final String EVENT_SCHEMA = "afferent.telemetry.event/1";
    public static final String TOPIC_SCHEMA = "afferent.telemetry.topic/1";

    /** {@code state} of a status message. */
    public static final String ONLINE = "online";
    public static final String OFFLINE = "offline";
    /** {@code reason} of an offline status: published by the run as it stopped cleanly. */
    public static final String REASON_STOPPED = "stopped";
    /** {@code reason} of an offline status: the broker's last will, the connection was lost without a goodbye. */
    public static final String REASON_CONNECTION_LOST = "connection_lost";

    static final ObjectMapper JSON = new ObjectMapper();

    private Payloads() {
    }

    /** The retained {@code status} published on every connect. */
    public static byte[] online(String robot, RunInfo run, Instant connectedAt) {
        ObjectNode n = identity(STATUS_SCHEMA, robot, connectedAt);
        n.put("state", ONLINE);
        runFields(n, run);
        n.put("connected_at", time(connectedAt));
        return bytes(n);
    }

    /**
     * The retained {@code status} for offline: with {@code at} when the run publishes it as it stops
     * ({@link #REASON_STOPPED}); without a time as the last will ({@link #REASON_CONNECTION_LOST}), which is
     * registered at connect and sent by the broker later.
     */
    public static byte[] offline(String robot, RunInfo run, String reason, Instant at) {
        ObjectNode n = JSON.createObjectNode();
        n.put("schema", STATUS_SCHEMA);
        n.put("robot", robot);
        if (at != null) {
            n.put("at", time(at));
        } else {
            n.putNull("at");
        }
        n.put("state", OFFLINE);
        n.put("reason", reason);
        runFields(n, run);
        return bytes(n);
    }

    private static void runFields(ObjectNode n, RunInfo run) {
        n.put("host", run.host());
        n.put("pid", run.pid());
        n.put("version", run.version());
        n.put("profile", run.profile());
        n.put("started_at", time(run.startedAt()));
    }

    /** An {@code interval} message: the run's live status, and the telemetry client's own counters. */
    public static byte[] interval(String robot, Instant at, IntervalSnapshot s, TelemetryCounters telemetry) {
        ObjectNode n = identity(INTERVAL_SCHEMA, robot, at);
        num(n, "uptime_s", s.uptimeS());
        num(n, "interval_s", s.intervalS());
        long dropped = 0;
        double worstP99 = Double.NaN;
        ObjectNode sources = n.putObject("sources");
        for (IntervalSnapshot.Source src : s.sources()) {
            ObjectNode o = sources.putObject(src.name());
            o.put("kind", src.kind());
            num(o, "rate_hz", src.rateHz());
            o.put("samples", src.samples());
            o.put("dropped", src.dropped());
            o.put("connected", src.connected());
            quantiles(o, "lateness_us", src.lateness());
            dropped += src.dropped();
            if (src.lateness() != null && Double.isFinite(src.lateness().p99Us())) {
                worstP99 = Double.isNaN(worstP99) ? src.lateness().p99Us() : Math.max(worstP99, src.lateness().p99Us());
            }
        }
        long misses = 0;
        ObjectNode stages = n.putObject("stages");
        for (IntervalSnapshot.Stage st : s.stages()) {
            ObjectNode o = stages.putObject(st.name());
            o.put("events", st.events());
            o.put("deadline_us", st.deadlineUs());
            o.put("deadline_misses", st.deadlineMisses());
            quantiles(o, "service_us", st.service());
            quantiles(o, "queue_us", st.queue());
            misses += st.deadlineMisses();
        }
        n.put("dropped", dropped);
        n.put("deadline_misses", misses);
        num(n, "worst_lateness_p99_us", worstP99);
        if (s.estop() == null) {
            n.putNull("estop");
        } else {
            n.put("estop", s.estop());
        }
        if (telemetry != null) {
            n.set("telemetry", counters(telemetry));
        }
        return bytes(n);
    }

    /** An {@code events} message. */
    public static byte[] event(String robot, TelemetryEvent e) {
        ObjectNode n = identity(EVENT_SCHEMA, robot, e.at());
        n.put("kind", e.kind());
        n.put("severity", e.severity());
        if (e.source() == null) {
            n.putNull("source");
        } else {
            n.put("source", e.source());
        }
        n.put("message", e.message());
        ObjectNode data = n.putObject("data");
        for (Map.Entry<String, Object> d : e.data().entrySet()) {
            value(data, d.getKey(), d.getValue());
        }
        return bytes(n);
    }

    /** A {@code topics/NAME} message: one message of a run's topic, its fields by name. */
    public static byte[] topic(String robot, String topic, Instant at, Map<String, ?> fields) {
        ObjectNode n = identity(TOPIC_SCHEMA, robot, at);
        n.put("topic", topic);
        ObjectNode f = n.putObject("fields");
        for (Map.Entry<String, ?> e : fields.entrySet()) {
            value(f, e.getKey(), e.getValue());
        }
        return bytes(n);
    }

    /** The {@code summary} message: the run's summary.json as it was written, checked to be one JSON object. */
    public static byte[] summary(byte[] summaryJson) {
        try {
            JsonNode node = JSON.readTree(summaryJson);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("summary.json is not a JSON object");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("summary.json is not valid JSON: " + e.getMessage());
        }
        return summaryJson.clone();
    }

    /** The telemetry client's counters, as in {@code interval.telemetry}. */
    public static ObjectNode counters(TelemetryCounters c) {
        ObjectNode t = JSON.createObjectNode();
        t.put("connected", c.connected());
        t.put("connects", c.connects());
        t.put("reconnects", c.reconnects());
        t.put("published", c.publishedTotal());
        t.put("dropped", c.droppedTotal());
        t.set("dropped_by_kind", longs(c.dropped()));
        if (!c.droppedByTopic().isEmpty()) {
            t.set("dropped_by_topic", longs(c.droppedByTopic()));
        }
        t.put("rejected", c.rejectedTotal());
        t.put("own_published", c.ownPublished());
        t.put("queued", c.queued());
        return t;
    }

    static ObjectNode longs(Map<String, Long> m) {
        ObjectNode o = JSON.createObjectNode();
        m.forEach(o::put);
        return o;
    }

    /** ISO-8601 UTC with milliseconds, e.g. {@code 2026-12-02T17:05:03.250Z}. */
    public static String time(Instant t) {
        return t.truncatedTo(ChronoUnit.MILLIS).toString().replaceFirst("(:\\d\\d)Z$", "$1.000Z");
    }

    private static ObjectNode identity(String schema, String robot, Instant at) {
        ObjectNode n = JSON.createObjectNode();
        n.put("schema", schema);
        n.put("robot", robot);
        n.put("at", time(at));
        return n;
    }

    private static void quantiles(ObjectNode parent, String key, Quantiles q) {
        if (q == null) {
            parent.putNull(key);
            return;
        }
        ObjectNode o = parent.putObject(key);
        num(o, "p50", q.p50Us());
        num(o, "p99", q.p99Us());
        num(o, "max", q.maxUs());
    }

    private static void num(ObjectNode n, String key, double v) {
        if (Double.isFinite(v)) {
            n.put(key, v);
        } else {
            n.putNull(key);
        }
    }

    private static void value(ObjectNode n, String key, Object v) {
        switch (v) {
            case null -> n.putNull(key);
            case Double d -> num(n, key, d);
            case Float f -> num(n, key, f);
            case Number x -> n.put(key, x.longValue());
            case Boolean b -> n.put(key, b);
            case CharSequence s -> n.put(key, s.toString());
            case Enum<?> e -> n.put(key, e.name().toLowerCase(java.util.Locale.ROOT));
            case double[] a -> {
                ArrayNode arr = n.putArray(key);
                for (double d : a) {
                    if (Double.isFinite(d)) arr.add(d); else arr.addNull();
                }
            }
            case float[] a -> {
                ArrayNode arr = n.putArray(key);
                for (float d : a) {
                    if (Float.isFinite(d)) arr.add(d); else arr.addNull();
                }
            }
            case long[] a -> {
                ArrayNode arr = n.putArray(key);
                for (long d : a) arr.add(d);
            }
            case int[] a -> {
                ArrayNode arr = n.putArray(key);
                for (int d : a) arr.add(d);
            }
            case Map<?, ?> m -> {
                ObjectNode o = n.putObject(key);
                m.forEach((k, x) -> value(o, String.valueOf(k), x));
            }
            case Collection<?> c -> {
                ArrayNode arr = n.putArray(key);
                ObjectNode holder = JSON.createObjectNode();
                for (Object x : c) {
                    value(holder, "v", x);
                    arr.add(holder.get("v"));
                }
            }
            default -> n.put(key, v.toString());
        }
    }

    private static byte[] bytes(JsonNode n) {
        try {
            return JSON.writeValueAsBytes(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot happen for a tree of plain nodes", e);
        }
    }
}
