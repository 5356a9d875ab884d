package io.afferent.fusion;

import io.afferent.api.MessageType;
import io.afferent.api.Output;
import io.afferent.api.Sink;

import java.util.ArrayList;
import java.util.List;

/**
 * An output topic for tests: one message to claim, counted publications with the origin and chain they carry,
 * and the sinks attached to it called synchronously on each publication (in place of their lagging threads).
 * No allocation per message unless {@link #recordEnvelopes} is set.
 */
final class TestOutput<M> implements Output<M> {
    private final String topic;
    private final MessageType<M> type;
    private final M message;
    private final TestInput input = new TestInput();
    final List<Sink<M>> sinks = new ArrayList<>();
    /** Origin and chain of every publication, when {@link #recordEnvelopes}. */
    final List<long[]> envelopes = new ArrayList<>();
    boolean recordEnvelopes;
    private long claimed;
    private long published;
    private long lastOriginNanos;
    private int lastChain;
    private boolean open;

    TestOutput(String topic, MessageType<M> type) {
        this.topic = topic;
        this.type = type;
        this.message = type.create();
    }

    @Override
    public String topic() {
        return topic;
    }

    @Override
    public MessageType<M> type() {
        return type;
    }

    @Override
    public M claim() {
        if (open) {
            throw new IllegalStateException("claimed twice without publishing");
        }
        open = true;
        claimed++;
        return message; // not cleared: a publisher must fill every field (PoseWriterTest checks fusion does)
    }

    @Override
    public void publish() {
        throw new IllegalStateException("the stage must say which input caused this output");
    }

    @Override
    public void publish(long originNanos, int chain) {
        if (!open) {
            throw new IllegalStateException("published without a claim");
        }
        open = false;
        lastOriginNanos = originNanos;
        lastChain = chain;
        if (recordEnvelopes) {
            envelopes.add(new long[] {originNanos, chain});
        }
        input.set(topic, originNanos, chain, published);
        published++;
        for (int i = 0; i < sinks.size(); i++) { // indexed: no iterator per message
            try {
                sinks.get(i).onMessage(message, input);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public void abandon() {
        open = false;
    }

    M last() {
        return message;
    }

    long claimed() {
        return claimed;
    }

    long published() {
        return published;
    }

    long lastOriginNanos() {
        return lastOriginNanos;
    }

    int lastChain() {
        return lastChain;
    }
}
