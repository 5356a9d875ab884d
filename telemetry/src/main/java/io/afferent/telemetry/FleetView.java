package io.afferent.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * The fleet view: subscribes to {@code afferent/+/#} on a broker and keeps one row per robot from the
 * messages of PAYLOADS.md (retained status first, then live interval, events and summary messages).
 * {@link #table()} renders the rows for a terminal; with a JSON line consumer every message received
 * is also handed on as one JSON line (the message, and the robot's row after it).
 *
 * <p>Thread-safe: messages arrive on the client's I/O threads; {@link #rows()} and {@link #table()} may
 * be called from any thread.
 */
public final class FleetView implements AutoCloseable {
    public static final String FILTER = "afferent/+/#";
    /** An online robot heard of for this long is shown as silent. */
    public static final long SILENT_AFTER_NANOS = 10_000_000_000L;
    private static final DateTimeFormatter CLOCK_TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private final BrokerSettings broker;
    private final Consumer<String> jsonLines;
    private final Clock clock;
    private final MqttLink link;
    private final Map<String, Row> rows = new TreeMap<>();
    private long messages;
    private long badMessages;

    private FleetView(BrokerSettings broker, Consumer<String> jsonLines, Consumer<String> warnings, Clock clock) {
        this.broker = broker;
        this.jsonLines = jsonLines;
        this.clock = clock;
        String id = "afferent-fleet-" + ProcessHandle.current().pid() + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt());
        this.link = new MqttLink(broker, id, null, "fleet", new MqttLink.Listener() {
            @Override
            public void connected() {
                // A clean session each time: subscribe again; the broker resends the retained statuses.
                link().client().subscribeWith().topicFilter(FILTER).qos(MqttQos.AT_LEAST_ONCE).send();
            }

            @Override
            public void disconnected(Throwable cause) {
            }
        }, warnings);
        link.client().publishes(MqttGlobalPublishFilter.SUBSCRIBED, this::onMessage);
    }

    private MqttLink link() {
        return link;
    }

    /**
     * Connects and subscribes in the background; returns at once.
     *
     * @param jsonLines receives one JSON line per message received, or null
     * @param warnings  connection problems for people, one line each
     */
    public static FleetView start(BrokerSettings broker, Consumer<String> jsonLines, Consumer<String> warnings, Clock clock) {
        FleetView v = new FleetView(broker, jsonLines, warnings, clock);
        v.link.start();
        return v;
    }

    public boolean connected() {
        return link.connected();
    }

    /** The robots in name order. */
    public synchronized List<FleetRow> rows() {
        Instant now = clock.instant();
        List<FleetRow> out = new ArrayList<>();
        for (Row r : rows.values()) {
            out.add(r.snapshot(now));
        }
        return out;
    }

    /** Messages received, and those that were not JSON of the contract (ignored). */
    public synchronized long[] messageCounts() {
        return new long[] {messages, badMessages};
    }

    private void onMessage(Mqtt5Publish p) {
        String topic = p.getTopic().toString();
        String[] levels = topic.split("/", 3);
        if (levels.length < 3 || !levels[0].equals("afferent")) {
            return;
        }
        String robot = levels[1];
        String sub = levels[2];
        JsonNode payload;
        try {
            payload = Payloads.JSON.readTree(p.getPayloadAsBytes());
        } catch (IOException e) {
            payload = null;
        }
        Instant now = clock.instant();
        String line = null;
        synchronized (this) {
            messages++;
            if (payload == null || !payload.isObject()) {
                badMessages++;
                return;
            }
            Row row = rows.computeIfAbsent(robot, Row::new);
            row.lastSeen = now;
            try {
                row.apply(sub, payload);
            } catch (RuntimeException e) {
                badMessages++; // a time that does not parse, or the like: the row keeps what it had
            }
            if (jsonLines != null) {
                ObjectNode n = Payloads.JSON.createObjectNode();
                n.put("robot", robot);
                n.put("topic", sub);
                n.put("retained", p.isRetain());
                n.put("received_at", Payloads.time(now));
                n.set("row", rowJson(row.snapshot(now)));
                n.set("payload", payload);
                line = n.toString();
            }
        }
        if (line != null) {
            jsonLines.accept(line);
        }
    }

    /** A row as JSON (the {@code row} of a {@code --json} line). */
    public static ObjectNode rowJson(FleetRow r) {
        ObjectNode n = Payloads.JSON.createObjectNode();
        n.put("robot", r.robot());
        n.put("state", r.state());
        n.put("online", r.online());
        n.put("offline_reason", r.offlineReason());
        n.put("profile", r.profile());
        n.put("host", r.host());
        n.put("version", r.version());
        n.put("started_at", r.startedAt() == null ? null : Payloads.time(r.startedAt()));
        n.put("uptime_s", r.uptimeS());
        n.put("imu_rate_hz", r.imuRateHz());
        n.put("worst_lateness_p99_us", r.worstLatenessP99Us());
        n.put("deadline_misses", r.deadlineMisses());
        n.put("dropped", r.dropped());
        n.put("telemetry_dropped", r.telemetryDropped());
        n.put("estop", r.estop());
        n.put("last_event_kind", r.lastEventKind());
        n.put("last_event", r.lastEvent());
        n.put("last_event_at", r.lastEventAt() == null ? null : Payloads.time(r.lastEventAt()));
        n.put("last_seen", r.lastSeen() == null ? null : Payloads.time(r.lastSeen()));
        return n;
    }

    /** The table for a terminal: a header line, then one line per robot. */
    public String table() {
        List<FleetRow> rs = rows();
        long online = rs.stream().filter(FleetRow::online).count();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("afferent fleet  %s  %s  %d robots, %d online%s%n", broker.url(),
                CLOCK_TIME.format(clock.instant()), rs.size(), online, link.connected() ? "" : "  (not connected to the broker)"));
        sb.append(String.format("%-16s %-9s %-16s %9s %8s %12s %7s %8s %-6s %s%n", "ROBOT", "STATE", "PROFILE", "UPTIME",
                "IMU Hz", "LATE p99 µs", "MISSES", "DROPS", "E-STOP", "LAST EVENT"));
        for (FleetRow r : rs) {
            String state = switch (r.state()) {
                case "offline" -> "OFFLINE" + ("connection_lost".equals(r.offlineReason()) ? "!" : "");
                case "silent" -> "SILENT";
                default -> r.state();
            };
            String drops = r.dropped() == null ? "-" : r.dropped()
                    + (r.telemetryDropped() != null && r.telemetryDropped() > 0 ? "+" + r.telemetryDropped() + "t" : "");
            String event = r.lastEvent() == null ? "-"
                    : CLOCK_TIME.format(r.lastEventAt()) + " " + r.lastEventKind() + ": " + r.lastEvent();
            sb.append(String.format("%-16s %-9s %-16s %9s %8s %12s %7s %8s %-6s %s%n", cut(r.robot(), 16), state,
                    cut(r.profile() == null ? "-" : r.profile(), 16), uptime(r.uptimeS()), num(r.imuRateHz(), 1),
                    num(r.worstLatenessP99Us(), 1), r.deadlineMisses() == null ? "-" : r.deadlineMisses().toString(),
                    drops, r.estop() == null ? "-" : r.estop() ? "ACTIVE" : "off", cut(event, 60)));
        }
        sb.append("OFFLINE: stopped cleanly; OFFLINE!: connection lost (last will); SILENT: nothing heard for "
                + SILENT_AFTER_NANOS / 1_000_000_000L + " s; DROPS: ring drops + telemetry drops (t)").append(System.lineSeparator());
        return sb.toString();
    }

    private static String uptime(Double s) {
        if (s == null) return "-";
        long t = Math.round(s);
        return String.format("%d:%02d:%02d", t / 3600, (t / 60) % 60, t % 60);
    }

    private static String num(Double v, int decimals) {
        return v == null ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    private static String cut(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }

    @Override
    public void close() {
        link.stop(System.nanoTime() + 1_000_000_000L);
    }

    /** A robot's row while messages arrive; guarded by the view's lock. */
    private static final class Row {
        final String robot;
        String state = "online";
        String offlineReason;
        String profile;
        String host;
        String version;
        Instant startedAt;
        Double uptimeS;
        Double imuRateHz;
        Double worstP99Us;
        Long misses;
        Long dropped;
        Long telemetryDropped;
        Boolean estop;
        String lastEventKind;
        String lastEvent;
        Instant lastEventAt;
        Instant lastSeen;
        Instant lastHeardOnline;
        boolean statusSeen;

        Row(String robot) {
            this.robot = robot;
        }

        void apply(String sub, JsonNode p) {
            switch (sub) {
                case "status" -> {
                    statusSeen = true;
                    state = "offline".equals(text(p, "state")) ? "offline" : "online";
                    offlineReason = "offline".equals(state) ? text(p, "reason") : null;
                    profile = orElse(text(p, "profile"), profile);
                    host = orElse(text(p, "host"), host);
                    version = orElse(text(p, "version"), version);
                    String started = text(p, "started_at");
                    if (started != null) startedAt = Instant.parse(started);
                    if ("online".equals(state)) lastHeardOnline = lastSeen;
                }
                case "interval" -> {
                    if (!"offline".equals(state)) lastHeardOnline = lastSeen;
                    uptimeS = dbl(p, "uptime_s");
                    worstP99Us = dbl(p, "worst_lateness_p99_us");
                    misses = lng(p, "deadline_misses");
                    dropped = lng(p, "dropped");
                    JsonNode t = p.path("telemetry");
                    telemetryDropped = t.isObject() ? lng(t, "dropped") : telemetryDropped;
                    JsonNode e = p.get("estop");
                    estop = e == null || e.isNull() ? null : e.asBoolean();
                    double imu = 0;
                    boolean any = false;
                    for (Map.Entry<String, JsonNode> s : p.path("sources").properties()) {
                        if ("imu".equals(text(s.getValue(), "kind"))) {
                            Double r = dbl(s.getValue(), "rate_hz");
                            if (r != null) {
                                imu += r;
                                any = true;
                            }
                        }
                    }
                    imuRateHz = any ? imu : null;
                }
                case "events" -> {
                    if (!"offline".equals(state)) lastHeardOnline = lastSeen;
                    lastEventKind = text(p, "kind");
                    String src = text(p, "source");
                    lastEvent = (src == null ? "" : src + " ") + orElse(text(p, "message"), "");
                    String at = text(p, "at");
                    lastEventAt = at == null ? lastSeen : Instant.parse(at);
                    if (TelemetryEvent.ESTOP.equals(lastEventKind) && p.path("data").has("active")) {
                        estop = p.path("data").get("active").asBoolean();
                    }
                }
                default -> {
                    // summary and topics/NAME: only the JSON lines carry them.
                }
            }
        }

        FleetRow snapshot(Instant now) {
            String s = state;
            if ("online".equals(s) && lastHeardOnline != null
                    && Duration.between(lastHeardOnline, now).toNanos() > SILENT_AFTER_NANOS) {
                s = "silent";
            }
            return new FleetRow(robot, s, offlineReason, profile, host, version, startedAt, uptimeS, imuRateHz, worstP99Us,
                    misses, dropped, telemetryDropped, estop, lastEventKind, lastEvent, lastEventAt, lastSeen);
        }

        private static String text(JsonNode n, String key) {
            JsonNode v = n.get(key);
            return v == null || v.isNull() ? null : v.asText();
        }

        private static Double dbl(JsonNode n, String key) {
            JsonNode v = n.get(key);
            return v == null || !v.isNumber() ? null : v.asDouble();
        }

        private static Long lng(JsonNode n, String key) {
            JsonNode v = n.get(key);
            return v == null || !v.isNumber() ? null : v.asLong();
        }

        private static String orElse(String a, String b) {
            return a != null ? a : b;
        }
    }
}
