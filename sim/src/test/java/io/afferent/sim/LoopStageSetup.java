package io.afferent.sim;

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
import io.afferent.config.StageConfig;
import io.afferent.runtime.plugin.ParamsView;
import io.afferent.runtime.plugin.RunContext;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The set-up of one stage of a profile for {@link ClosedLoop}: its params from the profile (through the runtime's
 * {@link ParamsView}), the run's services (the simulated world), counters, and outputs whose publications are
 * handed synchronously, on the publishing thread, to whatever {@link #onPublish} registered. Set-up thread, then the
 * loop's controller thread.
 */
final class LoopStageSetup implements StageSetup {
    /** Receives each publication of an output port: the message (reused) and its envelope. */
    interface Publication<M> {
        void on(M message, long originNanos, int chain) throws Exception;
    }

    private final StageConfig config;
    private final ParamsView params;
    private final RunContext run;
    private final Clock clock;
    final Map<String, AtomicLong> counters = new LinkedHashMap<>();
    final Map<String, Map<MessageType<?>, Handler<?>>> handlers = new HashMap<>();
    private final Map<String, Publication<?>> listeners = new HashMap<>();

    LoopStageSetup(StageConfig config, RunContext run, Clock clock) {
        this.config = config;
        this.params = ParamsView.of(config.params());
        this.run = run;
        this.clock = clock;
    }

    <M> void onPublish(String port, Publication<M> listener) {
        listeners.put(port, listener);
    }

    @SuppressWarnings("unchecked")
    <M> Handler<M> handler(String topic, MessageType<M> type) {
        Handler<M> h = (Handler<M>) handlers.getOrDefault(topic, Map.of()).get(type);
        if (h == null) {
            throw new AssertionError(config.name() + " does not handle " + type.name() + " on " + topic);
        }
        return h;
    }

    long count(String counter) {
        AtomicLong c = counters.get(counter);
        return c == null ? 0 : c.get();
    }

    @Override public List<String> inputs() { return config.inputs(); }
    @Override public long deadlineNanos() { return config.deadlineUs() * 1000L; }
    @Override public String name() { return config.name(); }
    @Override public Params params() { return params; }
    @Override public Clock clock() { return clock; }
    @Override public long originNanos() { return run.originNanos(); }
    @Override public Robot robot() { return run.robot(); }
    @Override public Params section(String key) { return run.section(key); }
    @Override public Path reportDir() { throw new AssertionError("the closed loop writes no files"); }
    @Override public <T> T shared(Class<T> key, Supplier<T> make) { return run.shared(key, make); }
    @Override public <T> Optional<T> service(Class<T> type) { return run.service(type); }
    @Override public void onClose(AutoCloseable closer) { run.onClose(closer); }
    @Override public ConfigError error(String message) { return new ConfigError(config.name() + ": " + message); }

    @Override
    public Counter counter(String name) {
        AtomicLong v = counters.computeIfAbsent(name, n -> new AtomicLong());
        return new Counter() {
            @Override public void increment() { v.incrementAndGet(); }
            @Override public void add(long n) { v.addAndGet(n); }
            @Override public long get() { return v.get(); }
        };
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
                throw new UnsupportedOperationException("not used by the closed loop's stages");
            }
        };
    }

    @Override
    @SuppressWarnings("unchecked")
    public <M> Output<M> output(String port, MessageType<M> type) {
        M message = type.create();
        LoopStageSetup self = this;
        return new Output<>() {
            @Override public String topic() { return port; }
            @Override public MessageType<M> type() { return type; }
            @Override public void abandon() { }

            @Override
            public M claim() {
                type.clear(message);
                return message;
            }

            @Override
            public void publish() {
                publish(self.currentOrigin, self.currentChain);
            }

            @Override
            public void publish(long originNanos, int chain) {
                Publication<M> l = (Publication<M>) listeners.get(port);
                if (l == null) {
                    return;
                }
                try {
                    l.on(message, originNanos, chain);
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }

    @Override
    public <M> void sink(String name, String topic, MessageType<M> type, Sink<M> sink) {
        throw new UnsupportedOperationException("not used by the closed loop's stages");
    }

    /** The envelope of the message being delivered (what {@link Output#publish()} carries on). */
    private long currentOrigin;
    private int currentChain;

    /** Hands {@code m} to this stage's handler of {@code type} on {@code topic}, as its stage thread would. */
    <M> void deliver(String topic, MessageType<M> type, M m, long originNanos, long publishedNanos, long sequence)
            throws Exception {
        currentOrigin = originNanos;
        currentChain = 0;
        handler(topic, type).onMessage(m, new Input() {
            @Override public String topic() { return topic; }
            @Override public long originNanos() { return originNanos; }
            @Override public long publishedNanos() { return publishedNanos; }
            @Override public long sequence() { return sequence; }
            @Override public int chain() { return 0; }
        });
    }
}
