package io.afferent.control;

import io.afferent.api.Clock;
import io.afferent.api.ConfigError;
import io.afferent.api.Counter;
import io.afferent.api.Handler;
import io.afferent.api.Input;
import io.afferent.api.MessageType;
import io.afferent.api.Output;
import io.afferent.api.Params;
import io.afferent.api.Robot;
import io.afferent.api.Sink;
import io.afferent.api.StageSetup;
import io.afferent.api.Subscription;
import io.afferent.config.ConfigException;
import io.afferent.config.ConfigMap;
import io.afferent.config.YamlReader;
import io.afferent.runtime.plugin.ParamsView;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The set-up a stage gets, in place of the runtime, with the params read from a real profile text by the real
 * YAML reader and {@link ParamsView} (so errors carry the runtime's file:line:col and wording). {@link #deliver}
 * hands a message to the stage's handler on the calling thread, as the stage thread would; every publication on
 * an output is kept as a copy with its origin and chain.
 */
final class StageHarness implements StageSetup {
    private static final String PROFILE_HEAD = """
            name: t
            stages:
              follow:
                type: waypoint-follower
                inputs: [pose]
                params:
            """;

    /** One publication: a copy of the message, and the envelope it was published with. */
    record Published<M>(M message, long originNanos, int chain) {
    }

    private final Params params;
    final List<String> inputs = new ArrayList<>();
    final Map<String, Counter> counters = new LinkedHashMap<>();
    final Map<String, List<Published<?>>> published = new LinkedHashMap<>();
    private final Map<String, Map<MessageType<?>, Handler<?>>> handlers = new HashMap<>();
    private final Envelope current = new Envelope();
    Robot robot = new Robot(0.05, 0.3, 1000);
    /** The run clock, and the publication time of the next delivered message. */
    long now;

    /** {@code params} as YAML lines indented by 6 spaces. */
    StageHarness(String paramLines, String... inputTopics) {
        try {
            ConfigMap root = YamlReader.read("test.yaml", PROFILE_HEAD + paramLines);
            this.params = ParamsView.of(root.map("stages").map("follow").map("params"));
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        inputs.addAll(List.of(inputTopics));
    }

    @SuppressWarnings("unchecked")
    <M> void deliver(String topic, MessageType<M> type, M m, long originNanos, int chain) throws Exception {
        current.topic = topic;
        current.originNanos = originNanos;
        current.chain = chain;
        current.publishedNanos = now;
        Handler<M> h = (Handler<M>) handlers.get(topic).get(type);
        h.onMessage(m, current);
    }

    @SuppressWarnings("unchecked")
    <M> List<Published<M>> published(String topic) {
        return (List<Published<M>>) (List<?>) published.getOrDefault(topic, List.of());
    }

    long count(String counter) {
        return counters.get(counter).get();
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
                throw new UnsupportedOperationException();
            }
        };
    }

    @Override
    public <M> Output<M> output(String port, MessageType<M> type) {
        List<Published<?>> list = published.computeIfAbsent(port, p -> new ArrayList<>());
        M message = type.create();
        return new Output<>() {
            @Override
            public String topic() {
                return port;
            }

            @Override
            public MessageType<M> type() {
                return type;
            }

            @Override
            public M claim() {
                type.clear(message);
                return message;
            }

            @Override
            public void publish() {
                publish(current.originNanos, current.chain);
            }

            @Override
            public void publish(long originNanos, int chain) {
                M copy = type.create();
                type.copy(message, copy);
                list.add(new Published<>(copy, originNanos, chain));
            }

            @Override
            public void abandon() {
            }
        };
    }

    @Override
    public long deadlineNanos() {
        return 1_000_000;
    }

    @Override
    public <M> void sink(String name, String topic, MessageType<M> type, Sink<M> sink) {
        throw new UnsupportedOperationException();
    }

    @Override
    public String name() {
        return "follow";
    }

    @Override
    public Params params() {
        return params;
    }

    @Override
    public Clock clock() {
        return () -> now;
    }

    @Override
    public long originNanos() {
        return 0;
    }

    @Override
    public Robot robot() {
        return robot;
    }

    @Override
    public Params section(String key) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Path reportDir() {
        throw new UnsupportedOperationException();
    }

    @Override
    public Counter counter(String name) {
        Counter c = new Counter() {
            private long value;

            @Override
            public void increment() {
                value++;
            }

            @Override
            public void add(long n) {
                value += n;
            }

            @Override
            public long get() {
                return value;
            }
        };
        counters.put(name, c);
        return c;
    }

    @Override
    public <T> T shared(Class<T> key, Supplier<T> make) {
        throw new UnsupportedOperationException();
    }

    @Override
    public <T> Optional<T> service(Class<T> type) {
        return Optional.empty();
    }

    @Override
    public void onClose(AutoCloseable closer) {
    }

    @Override
    public ConfigError error(String message) {
        return new ConfigError("test.yaml:3:3: follow: " + message);
    }

    private static final class Envelope implements Input {
        String topic;
        long originNanos;
        int chain;
        long publishedNanos;

        @Override
        public String topic() {
            return topic;
        }

        @Override
        public long originNanos() {
            return originNanos;
        }

        @Override
        public long publishedNanos() {
            return publishedNanos;
        }

        @Override
        public long sequence() {
            return 0;
        }

        @Override
        public int chain() {
            return chain;
        }
    }
}
