package io.afferent.runtime.topic;

/**
 * The origin and chain of the input a stage is handling now, set by the stage thread before each handler call and
 * read by the stage's {@link TopicWriter}s when it publishes; also counts what the handler published. Single
 * thread: the stage's.
 */
public final class Provenance {
    public long originNanos;
    public int chain;
    /** Publications made since the stage thread last reset it. */
    public int published;
}
