package io.afferent.runtime.plugin;

import io.afferent.api.ConfigError;
import io.afferent.api.Handler;
import io.afferent.api.MessageType;
import io.afferent.api.Output;
import io.afferent.api.Sink;
import io.afferent.api.StageSetup;
import io.afferent.api.StageType;
import io.afferent.api.Subscription;
import io.afferent.config.StageConfig;
import io.afferent.runtime.clock.NanoClock;
import io.afferent.runtime.topic.Provenance;
import io.afferent.runtime.topic.Signal;
import io.afferent.runtime.topic.Topic;
import io.afferent.runtime.topic.TopicStats;
import io.afferent.runtime.topic.TopicWriter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@link StageSetup} of one stage: records its subscriptions and opens its output topics. Set-up thread. */
final class StageSetupImpl extends BaseSetup implements StageSetup {
    /** The handlers a stage gave for one input topic, by message type; resolved once every topic exists. */
    static final class Subs implements Subscription {
        final String topic;
        final Map<MessageType<?>, Handler<?>> byType = new LinkedHashMap<>();
        Handler<Object> any;

        Subs(String topic) {
            this.topic = topic;
        }

        @Override
        public <M> Subscription on(MessageType<M> type, Handler<M> handler) {
            byType.put(type, handler);
            return this;
        }

        @Override
        public Subscription onAny(Handler<Object> handler) {
            any = handler;
            return this;
        }
    }

    /** A sink asked for by a stage or an extension, made once every topic exists. */
    record SinkRequest(String name, String topic, MessageType<?> type, Sink<?> sink, BaseSetup owner) {
    }

    final StageConfig config;
    final StageType type;
    final Provenance provenance = new Provenance();
    final Map<String, Subs> subscriptions = new LinkedHashMap<>();
    final List<TopicWriter<?>> outputs = new ArrayList<>();
    private final NanoClock clock;
    private final Map<String, Topic<?>> topics;
    private final Map<String, TopicStats> topicStats;
    private final Map<String, Signal> signals;
    private final List<SinkRequest> sinks;

    StageSetupImpl(RunContext run, StageConfig config, StageType type, NanoClock clock, Map<String, Topic<?>> topics,
                   Map<String, TopicStats> topicStats, Map<String, Signal> signals, List<SinkRequest> sinks) {
        super(run, config.name(), "stages." + config.name(), config.location(), config.params());
        this.config = config;
        this.type = type;
        this.clock = clock;
        this.topics = topics;
        this.topicStats = topicStats;
        this.signals = signals;
        this.sinks = sinks;
    }

    /** The stage's clock (the run's, or while recording the same clock seen through a recording wrapper). */
    @Override
    public io.afferent.api.Clock clock() {
        return clock;
    }

    @Override
    public List<String> inputs() {
        return config.inputs();
    }

    @Override
    public Subscription subscribe(String topic) throws ConfigError {
        if (!config.inputs().contains(topic)) {
            throw error("subscribes topic '" + topic + "', which is not among its inputs (" + String.join(", ", config.inputs()) + ")");
        }
        return subscriptions.computeIfAbsent(topic, Subs::new);
    }

    @Override
    public <M> Output<M> output(String port, MessageType<M> messageType) throws ConfigError {
        MessageType<?> declared = type.outputs().get(port);
        if (declared == null) {
            throw error("stage type '" + type.name() + "' opened output port '" + port + "', which it does not declare (ports: "
                    + (type.outputs().isEmpty() ? "none" : String.join(", ", type.outputs().keySet())) + ")");
        }
        if (declared != messageType && declared.javaClass() != messageType.javaClass()) {
            throw error("output port '" + port + "' is declared as " + declared.name() + " but opened as " + messageType.name());
        }
        String topicName = config.outputs().getOrDefault(port, port);
        if (topics.containsKey(topicName)) {
            throw error("output port '" + port + "' opened twice (topic '" + topicName + "')");
        }
        Signal signal = new Signal();
        Topic<M> topic = new Topic<>(topicName, messageType, "stage " + name, config.outputRingSize(), signal);
        TopicStats stats = new TopicStats();
        topics.put(topicName, topic);
        topicStats.put(topicName, stats);
        signals.put(topicName, signal);
        TopicWriter<M> w = TopicWriter.forStage(topic, clock, stats, provenance);
        outputs.add(w);
        return w;
    }

    @Override
    public long deadlineNanos() {
        return config.deadlineUs() * 1000;
    }

    @Override
    public <M> void sink(String sinkName, String topic, MessageType<M> messageType, Sink<M> sink) {
        sinks.add(new SinkRequest(sinkName, topic, messageType, sink, this));
    }
}
