package io.afferent.fusion;

import io.afferent.api.Input;

/** The envelope a test hands to a handler or sink, filled in place (no allocation per message). */
final class TestInput implements Input {
    String topic;
    long originNanos;
    long publishedNanos;
    long sequence;
    int chain;

    TestInput set(String topic, long originNanos, int chain, long sequence) {
        this.topic = topic;
        this.originNanos = originNanos;
        this.publishedNanos = originNanos;
        this.chain = chain;
        this.sequence = sequence;
        return this;
    }

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
        return sequence;
    }

    @Override
    public int chain() {
        return chain;
    }
}
