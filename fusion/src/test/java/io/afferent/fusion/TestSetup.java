package io.afferent.fusion;

import io.afferent.api.Clock;
import io.afferent.api.ConfigError;
import io.afferent.api.Counter;
import io.afferent.api.ExtensionSetup;
import io.afferent.api.Handler;
import io.afferent.api.MessageType;
import io.afferent.api.Output;
import io.afferent.api.Params;
import io.afferent.api.ReportSection;
import io.afferent.api.Robot;
import io.afferent.api.Sink;
import io.afferent.api.StageSetup;
import io.afferent.api.Subscription;
import io.afferent.api.TopicInfo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A test harness in place of the runtime: the set-up a stage or an extension gets (params, clock, robot,
 * counters, services, subscriptions, outputs, sinks, report sections), and {@link #deliver} to hand a message
 * of a subscribed topic to the stage's handler, and to the sinks of that topic, on the calling thread.
 */
final class TestSetup implements StageSetup, ExtensionSetup {
    private final String name;
    private Params params;
    private final Path reportDir;
    final ManualClock clock = new ManualClock(0);
    Robot robot = new Robot(DriveScenario.WHEEL_RADIUS, DriveScenario.WHEEL_BASE, DriveScenario.TICKS);
    long originNanos = DriveScenario.START_NANOS;
    long deadlineNanos = 200_000;
    final List<String> inputs = new ArrayList<>();
    final Map<String, Counter> counters = new LinkedHashMap<>();
    final Map<Class<?>, Object> services = new HashMap<>();
    final Map<String, Map<MessageType<?>, Handler<?>>> handlers = new LinkedHashMap<>();
    final Map<String, TestOutput<?>> outputs = new LinkedHashMap<>();
    /** Sinks by name, and the topic each reads. */
    final Map<String, Sink<?>> sinks = new LinkedHashMap<>();
    final Map<String, String> sinkTopics = new LinkedHashMap<>();
    private final Map<String, List<Sink<?>>> sinksByTopic = new HashMap<>();
    final List<TopicInfo> topics = new ArrayList<>();
    final List<ReportSection> sections = new ArrayList<>();
    final List<AutoCloseable> closers = new ArrayList<>();
    private final TestInput input = new TestInput();
    private final Map<String, long[]> sequences = new HashMap<>();

    TestSetup(String name, Params params, Path reportDir) {
        this.name = name;
        this.params = params;
        this.reportDir = reportDir;
    }

    /** Replaces the params (a stage and an extension made on one harness). */
    void params(Params p) {
        params = p;
    }

    /** Hands {@code m} (of {@code topic}) to the stage's handler for its type, as the stage thread would. */
    @SuppressWarnings("unchecked")
    <M> void deliver(String topic, MessageType<M> type, M m, long originNanos, int chain) throws Exception {
        long[] seq = sequences.computeIfAbsent(topic, t -> new long[1]);
        input.set(topic, originNanos, chain, seq[0]++);
        Map<MessageType<?>, Handler<?>> byType = handlers.get(topic);
        if (byType != null) {
            Handler<M> h = (Handler<M>) byType.get(type);
            if (h == null) {
                throw new IllegalStateException("no handler for " + type + " on " + topic);
            }
            h.onMessage(m, input);
        }
        List<Sink<?>> readers = sinksByTopic.get(topic);
        if (readers != null) {
            for (int i = 0; i < readers.size(); i++) { // indexed: no iterator per message
                ((Sink<M>) readers.get(i)).onMessage(m, input);
            }
        }
    }

    /**
     * Hands a test drive's sample to the stage on the topics {@code imu}, {@code wheels} and {@code gps} (chains 0,
     * 1 and 2), advancing the clock to its acquisition time first.
     */
    void deliver(Sample x) {
        clock.advanceTo(x.acquiredNanos);
        try {
            switch (x.kind) {
                case IMU -> deliver("imu", io.afferent.api.msg.Imu.TYPE, x.imu, x.acquiredNanos, 0);
                case WHEELS -> deliver("wheels", io.afferent.api.msg.Wheels.TYPE, x.wheels, x.acquiredNanos, 1);
                case GPS -> deliver("gps", io.afferent.api.msg.GpsFix.TYPE, x.gps, x.acquiredNanos, 2);
                default -> throw new IllegalStateException(x.kind + " has no topic here");
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Closes the sinks, then what was registered with {@link #onClose}, as the runtime does at the end. */
    void close() throws Exception {
        for (Sink<?> s : sinks.values()) {
            s.close();
        }
        for (int i = closers.size() - 1; i >= 0; i--) {
            closers.get(i).close();
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Params params() {
        return params;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public long originNanos() {
        return originNanos;
    }

    @Override
    public Robot robot() {
        return robot;
    }

    @Override
    public Params section(String key) {
        return TestProfiles.none();
    }

    @Override
    public Path reportDir() {
        return reportDir;
    }

    @Override
    public Counter counter(String counterName) {
        if (counters.containsKey(counterName)) {
            throw new IllegalStateException("counter " + counterName + " made twice");
        }
        LocalCounter c = new LocalCounter();
        counters.put(counterName, c);
        return c;
    }

    @Override
    public <T> T shared(Class<T> key, Supplier<T> make) {
        return key.cast(services.computeIfAbsent(key, k -> make.get()));
    }

    @Override
    public <T> Optional<T> service(Class<T> type) {
        return Optional.ofNullable(type.cast(services.get(type)));
    }

    @Override
    public void onClose(AutoCloseable closer) {
        closers.add(closer);
    }

    @Override
    public ConfigError error(String message) {
        return new ConfigError("test.yaml:1:1: " + name + ": " + message);
    }

    @Override
    public List<String> inputs() {
        return inputs;
    }

    @Override
    public Subscription subscribe(String topic) {
        Map<MessageType<?>, Handler<?>> byType = handlers.computeIfAbsent(topic, t -> new LinkedHashMap<>());
        return new Subscription() {
            @Override
            public <M> Subscription on(MessageType<M> type, Handler<M> handler) {
                byType.put(type, handler);
                return this;
            }

            @Override
            public Subscription onAny(Handler<Object> handler) {
                throw new UnsupportedOperationException("fusion subscribes by type");
            }
        };
    }

    @Override
    public <M> Output<M> output(String port, MessageType<M> type) {
        TestOutput<M> out = new TestOutput<>(port, type);
        outputs.put(port, out);
        topics.add(new TopicInfo(port, type, "stage " + name));
        return out;
    }

    @SuppressWarnings("unchecked")
    <M> TestOutput<M> output(String port) {
        return (TestOutput<M>) outputs.get(port);
    }

    @Override
    public long deadlineNanos() {
        return deadlineNanos;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <M> void sink(String sinkName, String topic, MessageType<M> type, Sink<M> sink) throws ConfigError {
        if (sinks.containsKey(sinkName)) {
            throw error("sink " + sinkName + " made twice");
        }
        sinks.put(sinkName, sink);
        sinkTopics.put(sinkName, topic);
        TestOutput<?> out = outputs.get(topic);
        if (out == null) {
            sinksByTopic.computeIfAbsent(topic, t -> new ArrayList<>()).add(sink);
        }
        if (out != null) {
            if (out.type() != type) {
                throw error("sink " + sinkName + " reads " + type + " from " + topic + " of " + out.type());
            }
            ((TestOutput<M>) out).sinks.add(sink);
        }
    }

    @Override
    public List<TopicInfo> topics() {
        return topics;
    }

    @Override
    public void report(ReportSection section) {
        sections.add(section);
    }
}
