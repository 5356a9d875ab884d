package io.afferent.deploy.replay;

import io.afferent.api.Input;

/** The envelope of the input being replayed, as the stage's handler sees it. Single thread. */
final class ReplayInput implements Input {
    private String topic;
    private long origin;
    private long published;
    private long sequence;
    private int chain;

    void set(String topic, long origin, long published, long sequence, int chain) {
        this.topic = topic;
        this.origin = origin;
        this.published = published;
        this.sequence = sequence;
        this.chain = chain;
    }

    @Override
    public String topic() {
        return topic;
    }

    @Override
    public long originNanos() {
        return origin;
    }

    @Override
    public long publishedNanos() {
        return published;
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
