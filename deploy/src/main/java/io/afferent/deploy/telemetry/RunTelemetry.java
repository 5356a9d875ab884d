package io.afferent.deploy.telemetry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.afferent.api.AfferentPlugin;
import io.afferent.api.ConfigError;
import io.afferent.api.ExtensionSetup;
import io.afferent.api.FieldInfo;
import io.afferent.api.FieldKind;
import io.afferent.api.Input;
import io.afferent.api.MessageType;
import io.afferent.api.Registry;
import io.afferent.api.SafeOutputStage;
import io.afferent.api.ReportSection;
import io.afferent.api.Sink;
import io.afferent.api.TopicInfo;
import io.afferent.api.msg.Digital;
import io.afferent.config.ConfigException;
import io.afferent.config.Profile;
import io.afferent.runtime.report.IntervalListener;
import io.afferent.runtime.report.IntervalView;
import io.afferent.runtime.stage.StageStats;
import io.afferent.runtime.thread.Log;
import io.afferent.runtime.timing.Counter;
import io.afferent.runtime.timing.SourceStats;
import io.afferent.telemetry.IntervalSnapshot;
import io.afferent.telemetry.Payloads;
import io.afferent.telemetry.Quantiles;
import io.afferent.telemetry.RunInfo;
import io.afferent.telemetry.TelemetryCounters;
import io.afferent.telemetry.TelemetryEvent;
import io.afferent.telemetry.TelemetryPublisher;
import io.afferent.telemetry.TelemetrySettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's telemetry, wired by the composition root: the profile's {@code telemetry:} parsed at load, the
 * publisher started before the run, an extension (registered the way a plugin's is) that adds a lagging sink per
 * configured topic and per e-stop input and the {@code telemetry} section of summary.json, the reporter's
 * interval listener (interval snapshots and events), and the summary and clean close at the end.
 *
 * <p>Threads: set-up and {@link #finish} on the main thread; {@link #interval} on the reporter thread; sinks on
 * their own sink threads. Every hand-over to the publisher is non-blocking (its bounded drop-oldest buffer).
 */
public final class RunTelemetry implements IntervalListener {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TelemetrySettings settings;
    private final Map<String, String> kindOfTopic = new LinkedHashMap<>();
    private final List<EstopSink> estops = new ArrayList<>();
    private volatile TelemetryPublisher publisher;
    // Reporter-thread state: the counters at the previous interval, for events on changes.
    private boolean[] wasConnected;
    private long[] lastRestarts;
    private long[] lastSourceErrors;
    private long[] lastMisses;
    private long[] lastStageErrors;
    /** [stage][reason]: an output's safety-stop counters (null for a stage that is not an output), and their last values. */
    private Counter[][] safetyCounters;
    private long[][] lastSafety;

    private RunTelemetry(TelemetrySettings settings) {
        this.settings = settings;
    }

    /**
     * Validates the profile's {@code telemetry:} section; relative paths resolve against the profile's directory.
     *
     * @throws ConfigException with file:line:col (exit 2)
     */
    public static RunTelemetry load(Profile profile) throws ConfigException {
        Path dir = profile.file().toAbsolutePath().getParent();
        return new RunTelemetry(TelemetrySettings.parse(profile.telemetry(), dir));
    }

    public boolean enabled() {
        return settings.enabled();
    }

    public TelemetrySettings settings() {
        return settings;
    }

    /** The extension, as a plugin of the composition root: add it to the run's registry before assembling. */
    public AfferentPlugin plugin() {
        return new AfferentPlugin() {
            @Override
            public String name() {
                return "telemetry";
            }

            @Override
            public void register(Registry registry) {
                registry.extension("telemetry", RunTelemetry.this::configure);
            }
        };
    }

    private void configure(ExtensionSetup setup) throws ConfigError {
        setup.report(new Section());
        if (!settings.enabled()) {
            return;
        }
        Map<String, TopicInfo> byName = new LinkedHashMap<>();
        for (TopicInfo t : setup.topics()) {
            byName.put(t.name(), t);
            kindOfTopic.put(t.name(), t.type().name());
        }
        for (TelemetrySettings.TopicRate r : settings.topics()) {
            TopicInfo t = byName.get(r.topic());
            if (t == null) {
                throw new ConfigError(r.location() + ": telemetry.mqtt.topics: no topic '" + r.topic()
                        + "' in this run (topics: " + String.join(", ", byName.keySet()) + ")");
            }
            addTopicSink(setup, t);
        }
        for (TopicInfo t : setup.topics()) {
            if (t.type().javaClass() == Digital.class) {
                EstopSink s = new EstopSink(t.name());
                estops.add(s);
                setup.sink("telemetry-estop-" + t.name(), t.name(), Digital.TYPE, s);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private <M> void addTopicSink(ExtensionSetup setup, TopicInfo t) throws ConfigError {
        MessageType<M> type = (MessageType<M>) t.type();
        setup.sink("telemetry-" + t.name(), t.name(), type, new TopicSink<>(t.name(), type, setup.clock()));
    }

    /**
     * Starts the publisher (an unreachable broker is a warning; it connects in the background). Call on a
     * non-real-time thread whose CPU affinity is the process's (or its housekeeping CPUs): the client's threads,
     * made now, inherit it, never a reader's.
     */
    public void start(String version, String profileName) {
        if (!settings.enabled()) {
            return;
        }
        publisher = TelemetryPublisher.start(settings, RunInfo.of(version, profileName, Instant.now()), Log::warn);
        publisher.event(TelemetryEvent.of(TelemetryEvent.RUN_STARTED, TelemetryEvent.INFO, null,
                "run of " + profileName + " started"));
    }

    public TelemetryPublisher publisher() {
        return publisher;
    }

    // ---- reporter thread ----

    @Override
    public void interval(IntervalView v) {
        TelemetryPublisher p = publisher;
        if (p == null) {
            return;
        }
        if (wasConnected == null) {
            wasConnected = new boolean[v.sourceCount()];
            java.util.Arrays.fill(wasConnected, true);
            lastRestarts = new long[v.sourceCount()];
            lastSourceErrors = new long[v.sourceCount()];
            lastMisses = new long[v.stageCount()];
            lastStageErrors = new long[v.stageCount()];
            safetyCounters(v);
        }
        List<IntervalSnapshot.Source> sources = new ArrayList<>(v.sourceCount());
        for (int i = 0; i < v.sourceCount(); i++) {
            SourceStats s = v.source(i);
            boolean connected = s.connected();
            sources.add(new IntervalSnapshot.Source(s.name(), kindOfTopic.getOrDefault(s.name(), "unknown"), v.rateHz(i),
                    s.samples.get(), s.dropped.get(), connected,
                    s.lateness() == null || v.latenessNanos(i, 0) < 0 ? null : quantiles(v, i)));
            if (connected != wasConnected[i]) {
                wasConnected[i] = connected;
                p.event(TelemetryEvent.of(connected ? TelemetryEvent.RECONNECT : TelemetryEvent.DISCONNECT,
                        connected ? TelemetryEvent.INFO : TelemetryEvent.WARNING, s.name(),
                        "source " + s.name() + (connected ? " reconnected" : " disconnected")));
            }
            long restarts = s.restarts.get();
            if (restarts > lastRestarts[i]) {
                p.event(TelemetryEvent.of(TelemetryEvent.RESTART, TelemetryEvent.WARNING, s.name(),
                        "source " + s.name() + " restarted (" + restarts + " restarts so far)",
                        Map.of("attempt", restarts, "restarts_in_interval", restarts - lastRestarts[i])));
                lastRestarts[i] = restarts;
            }
            long errors = s.errors.get();
            if (errors > lastSourceErrors[i]) {
                p.event(TelemetryEvent.of(TelemetryEvent.FAULT, TelemetryEvent.ERROR, s.name(),
                        "source " + s.name() + ": " + (errors - lastSourceErrors[i]) + " errors in the last interval",
                        Map.of("thread", "reader of " + s.name(), "count", errors)));
                lastSourceErrors[i] = errors;
            }
        }
        List<IntervalSnapshot.Stage> stages = new ArrayList<>(v.stageCount());
        for (int i = 0; i < v.stageCount(); i++) {
            StageStats st = v.stage(i);
            long misses = st.deadlineMisses.get();
            stages.add(new IntervalSnapshot.Stage(st.name(), st.events.get(), st.deadlineNanos() / 1000, misses,
                    q(v.serviceNanos(i, 0), v.serviceNanos(i, 1), v.serviceNanos(i, 2)),
                    q(v.queueNanos(i, 0), v.queueNanos(i, 1), v.queueNanos(i, 2))));
            if (misses > lastMisses[i]) {
                double worst = v.serviceNanos(i, 2) < 0 ? Double.NaN : v.serviceNanos(i, 2) / 1000.0;
                p.event(TelemetryEvent.deadlineMisses(st.name(), misses - lastMisses[i], v.intervalS(), worst));
                lastMisses[i] = misses;
            }
            long errors = st.errors.get();
            if (errors > lastStageErrors[i]) {
                p.event(TelemetryEvent.of(TelemetryEvent.FAULT, TelemetryEvent.ERROR, st.name(),
                        "stage " + st.name() + ": " + (errors - lastStageErrors[i]) + " errors in the last interval",
                        Map.of("thread", "stage-" + st.name(), "count", errors)));
                lastStageErrors[i] = errors;
            }
        }
        safetyStops(p, v);
        Boolean estop = null;
        for (EstopSink e : estops) {
            if (e.isEstop) {
                estop = (estop != null && estop) || e.active;
            }
        }
        p.interval(new IntervalSnapshot(v.uptimeNanos() / 1e9, v.intervalS(), sources, stages, estop));
    }

    private static final List<SafeOutputStage.SafetyStop> SAFETY_STOPS = SafeOutputStage.safetyStops();

    /** An output is a stage with the safety layer's counters ({@link SafeOutputStage#safetyStops}). */
    private void safetyCounters(IntervalView v) {
        safetyCounters = new Counter[v.stageCount()][];
        lastSafety = new long[v.stageCount()][];
        for (int i = 0; i < v.stageCount(); i++) {
            Map<String, Counter> own = v.stage(i).counters();
            Counter[] c = new Counter[SAFETY_STOPS.size()];
            boolean output = false;
            for (int r = 0; r < c.length; r++) {
                c[r] = own.get(SAFETY_STOPS.get(r).counter());
                output |= c[r] != null;
            }
            if (output) {
                safetyCounters[i] = c;
                lastSafety[i] = new long[c.length];
            }
        }
    }

    /**
     * One {@code safety_stop} event per output and reason whose counter rose in the interval (the stops of one
     * interval in one event: an output whose commands time out again and again does not flood the broker). The
     * last interval, after every thread stopped, carries the end-of-run safe state.
     */
    private void safetyStops(TelemetryPublisher p, IntervalView v) {
        for (int i = 0; i < safetyCounters.length; i++) {
            Counter[] c = safetyCounters[i];
            if (c == null) {
                continue;
            }
            for (int r = 0; r < c.length; r++) {
                long now = c[r] == null ? 0 : c[r].get();
                long delta = now - lastSafety[i][r];
                if (delta > 0) {
                    lastSafety[i][r] = now;
                    p.event(TelemetryEvent.safetyStop(v.stage(i).name(), SAFETY_STOPS.get(r).reason(),
                            SAFETY_STOPS.get(r).description(), SAFETY_STOPS.get(r).counter(), delta, now, v.intervalS()));
                }
            }
        }
    }

    private static Quantiles quantiles(IntervalView v, int source) {
        return q(v.latenessNanos(source, 0), v.latenessNanos(source, 1), v.latenessNanos(source, 2));
    }

    /** Nanoseconds to a µs triple; none recorded in the interval: NaN, published as null. */
    private static Quantiles q(long p50, long p99, long max) {
        if (p50 < 0) {
            return new Quantiles(Double.NaN, Double.NaN, Double.NaN);
        }
        return new Quantiles(p50 / 1000.0, p99 / 1000.0, max / 1000.0);
    }

    // ---- sinks (their own threads) ----

    /** A configured topic: when its rate's slot has come, its fields by name, from the message type. */
    private final class TopicSink<M> implements Sink<M> {
        private final String topic;
        private final List<FieldInfo> fields;
        private final io.afferent.api.Clock clock;

        TopicSink(String topic, MessageType<M> type, io.afferent.api.Clock clock) {
            this.topic = topic;
            this.fields = type.fields();
            this.clock = clock;
        }

        @Override
        public void onMessage(M message, Input input) {
            TelemetryPublisher p = publisher;
            if (p == null || !p.topicDue(topic)) {
                return; // nothing built for a sample the rate skips
            }
            Map<String, Object> values = new LinkedHashMap<>();
            for (int i = 0; i < fields.size(); i++) {
                FieldInfo f = fields.get(i);
                values.put(f.path(), value(f, message));
            }
            long ageNanos = Math.max(0, clock.nanoTime() - input.originNanos());
            p.topicSample(topic, Instant.now().minusNanos(ageNanos), values);
        }
    }

    static Object value(FieldInfo f, Object message) {
        if (f.isArray()) {
            if (f.kind() == FieldKind.DOUBLE || f.kind() == FieldKind.FLOAT) {
                double[] a = new double[f.arrayLength()];
                for (int i = 0; i < a.length; i++) a[i] = f.getDouble(message, i);
                return a;
            }
            long[] a = new long[f.arrayLength()];
            for (int i = 0; i < a.length; i++) a[i] = f.getLong(message, i);
            return a;
        }
        return switch (f.kind()) {
            case DOUBLE, FLOAT -> f.getDouble(message);
            case BOOLEAN -> f.getBoolean(message);
            default -> f.getLong(message);
        };
    }

    /** A digital input: an e-stop's presses and releases become events, and its state the interval's estop. */
    private final class EstopSink implements Sink<Digital> {
        private final String topic;
        volatile boolean isEstop;
        volatile boolean active;

        EstopSink(String topic) {
            this.topic = topic;
        }

        @Override
        public void onMessage(Digital m, Input input) {
            if (!m.emergencyStop) {
                return;
            }
            isEstop = true;
            if (m.high != active) {
                active = m.high;
                TelemetryPublisher p = publisher;
                if (p != null) {
                    p.event(TelemetryEvent.estop(topic, m.high));
                }
            }
        }
    }

    // ---- summary.json and the end ----

    private final class Section implements ReportSection {
        @Override
        public String name() {
            return "telemetry";
        }

        @Override
        public Object summary() {
            TelemetryPublisher p = publisher;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("enabled", settings.enabled());
            if (p == null) {
                return m;
            }
            m.put("broker", settings.broker().url().toString());
            m.put("robot", settings.robot());
            m.put("at", "report");
            m.put("counters", JSON.convertValue(Payloads.counters(p.counters()), Map.class));
            return m;
        }

        @Override
        public void appendText(StringBuilder sb) {
            TelemetryPublisher p = publisher;
            if (p == null) {
                return;
            }
            TelemetryCounters c = p.counters();
            sb.append("Telemetry: ").append(settings.broker().url()).append(" as ").append(settings.robot())
                    .append(c.connected() ? ", connected" : ", NOT connected").append("; ").append(c.publishedTotal())
                    .append(" published, ").append(c.droppedTotal()).append(" dropped, ").append(c.queued())
                    .append(" queued\n");
        }
    }

    /**
     * After the run: the {@code run_stopped} event and summary.json go out, the publisher closes (bounded), and
     * summary.json's {@code telemetry} entry is rewritten with the final counters ({@code "at": "close"}).
     * The published summary carries the counters as they were when the report was written.
     */
    public TelemetryCounters finish(int exitCode, String stopReason, Path summaryJson) {
        TelemetryPublisher p = publisher;
        if (p == null) {
            return null;
        }
        p.event(TelemetryEvent.of(TelemetryEvent.RUN_STOPPED, exitCode == 0 ? TelemetryEvent.INFO : TelemetryEvent.ERROR,
                null, "run stopped (" + stopReason + "), exit code " + exitCode,
                Map.of("exit_code", exitCode, "stop_reason", stopReason)));
        byte[] bytes = null;
        if (summaryJson != null && Files.isRegularFile(summaryJson)) {
            try {
                bytes = Files.readAllBytes(summaryJson);
                p.summary(bytes);
            } catch (IOException | IllegalArgumentException e) {
                Log.warn("telemetry: summary.json not published: " + e.getMessage());
            }
        }
        TelemetryCounters c = p.close(TelemetryPublisher.DEFAULT_CLOSE_DEADLINE_NANOS);
        if (bytes != null) {
            try {
                ObjectNode root = (ObjectNode) JSON.readTree(bytes);
                ObjectNode t = root.putObject("telemetry");
                t.put("enabled", true);
                t.put("broker", settings.broker().url().toString());
                t.put("robot", settings.robot());
                t.put("at", "close");
                ObjectNode counters = Payloads.counters(c);
                counters.put("unsent", c.unsentTotal());
                counters.put("offered", c.offeredTotal());
                t.set("counters", counters);
                JSON.writerWithDefaultPrettyPrinter().writeValue(summaryJson.toFile(), root);
            } catch (IOException | RuntimeException e) {
                Log.warn("telemetry: final counters not written to summary.json: " + e.getMessage());
            }
        }
        if (c.droppedTotal() > 0 || c.unsentTotal() > 0 || !c.connected() && c.connects() == 0) {
            Log.warn("telemetry: " + c.publishedTotal() + " messages published, " + c.droppedTotal() + " dropped, "
                    + c.unsentTotal() + " unsent" + (c.connects() == 0 ? " (the broker " + settings.broker().url()
                    + " was never reached)" : ""));
        }
        return c;
    }
}
