package io.afferent.telemetry;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubRecException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5WillPublish;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Publishes a run's telemetry to an MQTT broker under {@code afferent/ROBOT/}: {@code status} (retained:
 * online on every connect, offline when the run stops, and offline as the last will when the connection is
 * lost), {@code interval}, {@code events}, {@code topics/NAME} and {@code summary} (retained). Payloads are
 * documented in PAYLOADS.md.
 *
 * <p>Callers hand messages over with {@link #interval}, {@link #event}, {@link #topicSample} and
 * {@link #summary}: each call puts the message into a bounded buffer and returns; it never waits on the
 * network, a lock or the broker. When the buffer is full the oldest message is dropped and counted by kind,
 * so after an outage the broker receives the newest messages and an {@code events} message
 * ({@code telemetry_reconnected}) with what was lost. The publisher's own thread ({@code telemetry-mqtt})
 * serialises and publishes; an unreachable broker is a warning and the client reconnects with backoff.
 *
 * <p>Thread-safe: the offer methods may be called from any thread; {@link #close} once, by the owner.
 */
public final class TelemetryPublisher implements AutoCloseable {
    public static final long DEFAULT_CLOSE_DEADLINE_NANOS = 2_000_000_000L;
    private static final int MAX_IN_FLIGHT = 32;
    private static final long IDLE_PARK_NANOS = 100_000_000L;

    private final TelemetrySettings settings;
    private final RunInfo run;
    private final Consumer<String> warnings;
    private final Clock clock;
    private final String prefix;
    private final MqttQos qos;
    private final DropOldestBuffer<Outbound> buffer;
    private final MqttLink link;
    private final Thread thread;
    private final RateGate intervalGate;
    private final Map<String, RateGate> topicGates = new LinkedHashMap<>();
    private final Map<String, AtomicLong> droppedByTopic = new LinkedHashMap<>();
    private final EnumMap<MessageKind, AtomicLong> offered = newCounters();
    private final EnumMap<MessageKind, AtomicLong> published = newCounters();
    private final EnumMap<MessageKind, AtomicLong> dropped = newCounters();
    private final EnumMap<MessageKind, AtomicLong> rejected = newCounters();
    private final EnumMap<MessageKind, AtomicLong> unsent = newCounters();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong connects = new AtomicLong();
    private final AtomicLong connectFailures = new AtomicLong();
    private final AtomicBoolean justConnected = new AtomicBoolean();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong ownPublished = new AtomicLong();
    private volatile boolean closing;
    private volatile long closeDeadlineNanos;
    private volatile boolean finished;
    /**
     * When the connection was last lost (System.nanoTime), or 0 while connected; before the first connect,
     * the start: a broker unreachable from the start is an outage from the start.
     */
    private volatile long outageStartNanos = System.nanoTime();
    private volatile boolean everConnected;
    /** Drops per kind when the outage started, to report the outage's own drops after it. */
    private final EnumMap<MessageKind, Long> droppedAtOutageStart = new EnumMap<>(MessageKind.class);
    private long lastRejectWarningNanos;

    private TelemetryPublisher(TelemetrySettings settings, RunInfo run, Consumer<String> warnings, Clock clock) {
        this.settings = settings;
        this.run = run;
        this.warnings = warnings;
        this.clock = clock;
        this.prefix = settings.topicPrefix();
        this.qos = MqttQos.fromCode(settings.qos());
        this.buffer = new DropOldestBuffer<>(settings.bufferMessages(), this::countDrop);
        this.intervalGate = new RateGate(settings.intervalNanos());
        for (TelemetrySettings.TopicRate t : settings.topics()) {
            topicGates.put(t.topic(), new RateGate(t.periodNanos()));
            droppedByTopic.put(t.topic(), new AtomicLong());
        }
        Mqtt5WillPublish will = Mqtt5WillPublish.builder()
                .topic(prefix + MessageKind.STATUS.word())
                .payload(Payloads.offline(settings.robot(), run, Payloads.REASON_CONNECTION_LOST, null))
                .qos(MqttQos.AT_LEAST_ONCE)
                .retain(true)
                .contentType("application/json")
                .build();
        this.link = new MqttLink(settings.broker(), "afferent-" + settings.robot(), will, "telemetry",
                new MqttLink.Listener() {
                    @Override
                    public void connected() {
                        connects.incrementAndGet();
                        justConnected.set(true);
                        LockSupport.unpark(thread());
                    }

                    @Override
                    public void disconnected(Throwable cause) {
                        connectFailures.incrementAndGet();
                        markOutageStart();
                    }
                }, warnings);
        this.thread = new Thread(this::loop, "telemetry-mqtt");
        this.thread.setDaemon(true);
    }

    /**
     * Starts publishing: connects in the background (an unreachable broker is a warning, retried with
     * backoff) and starts the publisher's thread. Returns at once.
     *
     * @param warnings where warnings for people go (one line each, rate-limited); called on any thread
     */
    public static TelemetryPublisher start(TelemetrySettings settings, RunInfo run, Consumer<String> warnings) {
        return start(settings, run, warnings, Clock.systemUTC());
    }

    /** As {@link #start(TelemetrySettings, RunInfo, Consumer)}, with the wall clock that stamps messages. */
    public static TelemetryPublisher start(TelemetrySettings settings, RunInfo run, Consumer<String> warnings, Clock clock) {
        if (!settings.enabled()) {
            throw new IllegalArgumentException("telemetry is off in these settings");
        }
        TelemetryPublisher p = new TelemetryPublisher(settings, run, warnings, clock);
        for (String w : settings.broker().warnings()) {
            warnings.accept("telemetry: " + w);
        }
        p.thread.start();
        p.link.start();
        return p;
    }

    private Thread thread() {
        return thread;
    }

    // ---- what callers hand over; none of these blocks ----

    /**
     * The live status of the last report interval. Published at most once per {@code telemetry.mqtt.interval}
     * (on an absolute timeline); returns false when this one was skipped for that reason (not a drop).
     */
    public boolean interval(IntervalSnapshot snapshot) {
        if (closing || !intervalGate.tryPass(System.nanoTime())) {
            return false;
        }
        Instant at = clock.instant();
        offer(new Outbound(MessageKind.INTERVAL, MessageKind.INTERVAL.word(), null, false,
                () -> Payloads.interval(settings.robot(), at, snapshot, counters())));
        return true;
    }

    /** An event (e-stop, fault, disconnect, restart, deadline-miss burst, safety stop). */
    public void event(TelemetryEvent event) {
        if (closing) {
            return;
        }
        offer(new Outbound(MessageKind.EVENTS, MessageKind.EVENTS.word(), null, false,
                () -> Payloads.event(settings.robot(), event)));
    }

    /**
     * Whether a sample of {@code topic} would be taken now: false when the topic is not configured or its
     * rate's next slot has not come. A subscriber calls it before it copies a message's fields, so that it
     * builds nothing for the samples that would be skipped.
     */
    public boolean topicDue(String topic) {
        RateGate g = topicGates.get(topic);
        return g != null && !closing && g.due(System.nanoTime());
    }

    /**
     * One message of a run's topic, as its fields by name (numbers, booleans, text, arrays of numbers).
     * Taken at most at the topic's configured rate; returns false when it was skipped (not configured, not
     * due, or closing): skipping for the rate is not a drop.
     *
     * @param at the message's time (its acquisition time on the wall clock)
     */
    public boolean topicSample(String topic, Instant at, Map<String, ?> fields) {
        RateGate g = topicGates.get(topic);
        if (g == null || closing || !g.tryPass(System.nanoTime())) {
            return false;
        }
        // Serialised here, on the caller's thread (a few µs for a pose): the caller may reuse its map and arrays.
        byte[] payload = Payloads.topic(settings.robot(), topic, at, fields);
        offer(new Outbound(MessageKind.TOPIC, MessageKind.TOPIC.word() + "/" + topic, topic, false, () -> payload));
        return true;
    }

    /**
     * The run's final summary.json (published retained, so that a fleet view started later still sees the
     * last run's summary). Hand it over before {@link #close}.
     *
     * @throws IllegalArgumentException if it is not one JSON object
     */
    public void summary(byte[] summaryJson) {
        byte[] checked = Payloads.summary(summaryJson);
        offer(new Outbound(MessageKind.SUMMARY, MessageKind.SUMMARY.word(), null, true, () -> checked));
    }

    private void offer(Outbound m) {
        offered.get(m.kind()).incrementAndGet();
        buffer.offer(m);
        LockSupport.unpark(thread);
    }

    private void countDrop(Outbound m) {
        dropped.get(m.kind()).incrementAndGet();
        if (m.topicName() != null) {
            AtomicLong c = droppedByTopic.get(m.topicName());
            if (c != null) c.incrementAndGet();
        }
    }

    // ---- state ----

    public boolean connected() {
        return link.connected();
    }

    public TelemetrySettings settings() {
        return settings;
    }

    /** A consistent-enough snapshot of the counters (each counter is read once). */
    public TelemetryCounters counters() {
        Map<String, Long> topics = new LinkedHashMap<>();
        droppedByTopic.forEach((k, v) -> topics.put(k, v.get()));
        return new TelemetryCounters(link.connected(), connects.get(), connectFailures.get(), snapshot(offered),
                snapshot(published), snapshot(dropped), topics, snapshot(rejected), snapshot(unsent), ownPublished.get(), buffer.size(),
                inFlight.get());
    }

    // ---- the publisher's thread ----

    private void loop() {
        while (true) {
            try {
                boolean isConnected = link.connected();
                if (justConnected.getAndSet(false)) {
                    onConnected();
                }
                if (closing) {
                    boolean drained = buffer.isEmpty() && inFlight.get() == 0;
                    if (drained || System.nanoTime() - closeDeadlineNanos >= 0) {
                        break;
                    }
                }
                if (!isConnected || inFlight.get() >= MAX_IN_FLIGHT) {
                    LockSupport.parkNanos(this, closing ? 10_000_000L : IDLE_PARK_NANOS);
                    continue;
                }
                Outbound m = buffer.poll();
                if (m == null) {
                    LockSupport.parkNanos(this, closing ? 10_000_000L : IDLE_PARK_NANOS);
                    continue;
                }
                send(m);
            } catch (Throwable t) {
                // One error path: count it, say it (once a minute at most), and go on.
                if (errors.getAndIncrement() % 60 == 0) {
                    warnings.accept("telemetry: publisher error (" + t + "); going on");
                }
                LockSupport.parkNanos(this, IDLE_PARK_NANOS);
            }
        }
        finish();
    }

    private void onConnected() {
        long outageStart = outageStartNanos;
        boolean hadOutage = outageStart != 0 && (everConnected || connectFailures.get() > 0);
        everConnected = true;
        outageStartNanos = 0;
        publishDirect(MessageKind.STATUS.word(), Payloads.online(settings.robot(), run, clock.instant()), true);
        if (hadOutage) {
            Map<String, Object> lost = new LinkedHashMap<>();
            long total = 0;
            synchronized (droppedAtOutageStart) {
                for (MessageKind k : MessageKind.values()) {
                    long d = dropped.get(k).get() - droppedAtOutageStart.getOrDefault(k, 0L);
                    if (d > 0) lost.put(k.word(), d);
                    total += d;
                }
            }
            Map<String, Object> data = new LinkedHashMap<>();
            double outageS = outageStart == 0 ? Double.NaN : (System.nanoTime() - outageStart) / 1e9;
            data.put("outage_s", outageS);
            data.put("dropped", total);
            data.put("dropped_by_kind", lost);
            data.put("dropped_since_start", counters().droppedTotal());
            data.put("buffered", buffer.size());
            String msg = "telemetry reconnected to " + settings.broker().url()
                    + (Double.isNaN(outageS) ? "" : String.format(" after %.1f s", outageS))
                    + "; " + buffer.size() + " buffered messages follow, " + total + " older ones were dropped";
            publishDirect(MessageKind.EVENTS.word(), Payloads.event(settings.robot(), new TelemetryEvent(
                    TelemetryEvent.TELEMETRY_RECONNECTED, total > 0 ? TelemetryEvent.WARNING : TelemetryEvent.INFO,
                    null, msg, clock.instant(), data)), false);
            warnings.accept("telemetry: " + msg + (lost.isEmpty() ? "" : " " + lost));
        }
    }

    private void markOutageStart() {
        if (outageStartNanos == 0) {
            synchronized (droppedAtOutageStart) {
                for (MessageKind k : MessageKind.values()) {
                    droppedAtOutageStart.put(k, dropped.get(k).get());
                }
            }
            outageStartNanos = System.nanoTime();
        }
    }

    /** A message of the client's own, beside the buffer: counted in ownPublished when the broker has it. */
    private CompletableFuture<Mqtt5PublishResult> publishDirect(String subtopic, byte[] payload, boolean retain) {
        return link.client().publishWith()
                .topic(prefix + subtopic)
                .payload(payload)
                .qos(MqttQos.AT_LEAST_ONCE)
                .retain(retain)
                .contentType("application/json")
                .send()
                .whenComplete((r, ex) -> {
                    if (ex == null && r.getError().isEmpty()) ownPublished.incrementAndGet();
                });
    }

    private void send(Outbound m) {
        byte[] payload;
        try {
            payload = m.maker().make();
        } catch (RuntimeException e) {
            rejected.get(m.kind()).incrementAndGet();
            warnRejected("telemetry: a " + m.kind().word() + " message could not be serialised (" + e.getMessage() + ")");
            return;
        }
        inFlight.incrementAndGet();
        link.client().publishWith()
                .topic(prefix + m.subtopic())
                .payload(payload)
                .qos(qos)
                .retain(m.retain())
                .contentType("application/json")
                .send()
                .whenComplete((result, ex) -> {
                    Throwable error = ex != null ? ex : result.getError().orElse(null);
                    if (error == null) {
                        published.get(m.kind()).incrementAndGet();
                    } else if (error instanceof Mqtt5PubAckException || error instanceof Mqtt5PubRecException) {
                        rejected.get(m.kind()).incrementAndGet();
                        warnRejected("telemetry: broker " + settings.broker().url() + " refused a message on "
                                + prefix + m.subtopic() + " (" + error.getMessage() + "; check the broker's ACL for this user)");
                    } else {
                        // The connection went while it was in flight: back to the head of the buffer.
                        buffer.requeue(m);
                    }
                    inFlight.decrementAndGet();
                    LockSupport.unpark(thread);
                });
    }

    private synchronized void warnRejected(String message) {
        long now = System.nanoTime();
        if (lastRejectWarningNanos == 0 || now - lastRejectWarningNanos > 60_000_000_000L) {
            lastRejectWarningNanos = now;
            warnings.accept(message);
        }
    }

    private void finish() {
        Outbound m;
        while ((m = buffer.poll()) != null) {
            unsent.get(m.kind()).incrementAndGet();
        }
        if (link.connected()) {
            try {
                publishDirect(MessageKind.STATUS.word(),
                        Payloads.offline(settings.robot(), run, Payloads.REASON_STOPPED, clock.instant()), true)
                        .get(Math.max(1, closeDeadlineNanos + 500_000_000L - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                // No answer in time: the broker's last will says offline instead.
            }
        }
        link.stop(System.nanoTime() + 500_000_000L);
        // Messages in flight when the connection went come back to the buffer: they were not delivered.
        while ((m = buffer.poll()) != null) {
            unsent.get(m.kind()).incrementAndGet();
        }
        finished = true;
    }

    /** Stops within {@link #DEFAULT_CLOSE_DEADLINE_NANOS}: see {@link #close(long)}. */
    @Override
    public void close() {
        close(DEFAULT_CLOSE_DEADLINE_NANOS);
    }

    /**
     * Stops: new offers are ignored; what is buffered is published until {@code deadlineNanos} from now,
     * what is left then is counted as unsent; then the retained status becomes offline ({@code reason}
     * {@code stopped}) and the client disconnects cleanly, so the broker does not send the last will.
     * Returns within the deadline plus about a second for the goodbye.
     *
     * @return the final counters
     */
    public TelemetryCounters close(long deadlineNanos) {
        if (!closing) {
            closeDeadlineNanos = System.nanoTime() + deadlineNanos;
            closing = true;
            LockSupport.unpark(thread);
        }
        try {
            thread.join(TimeUnit.NANOSECONDS.toMillis(deadlineNanos) + 2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!finished) {
            link.stop(System.nanoTime() + 200_000_000L);
        }
        return counters();
    }

    private static EnumMap<MessageKind, AtomicLong> newCounters() {
        EnumMap<MessageKind, AtomicLong> m = new EnumMap<>(MessageKind.class);
        for (MessageKind k : MessageKind.values()) m.put(k, new AtomicLong());
        return m;
    }

    private static Map<String, Long> snapshot(EnumMap<MessageKind, AtomicLong> m) {
        Map<String, Long> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k.word(), v.get()));
        return out;
    }
}
