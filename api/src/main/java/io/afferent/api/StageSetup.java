package io.afferent.api;

import java.util.List;

/** {@link Setup} of a stage: its inputs (topics named in the profile) and its outputs. */
public interface StageSetup extends Setup {
    /** The topics of the profile's {@code inputs:}, in order. */
    List<String> inputs();

    /** Subscribes {@code topic}; add handlers by type with {@link Subscription#on}. */
    Subscription subscribe(String topic) throws ConfigError;

    /**
     * Opens an output port declared by the stage's {@link StageType}. Its topic is named {@code port}, or what the profile's {@code outputs: {port: NAME}}
     * says; its ring has {@code output_ring_size} entries (default 1024).
     */
    <M> Output<M> output(String port, MessageType<M> type) throws ConfigError;

    /** The profile's {@code deadline_us}, in nanoseconds. */
    long deadlineNanos();

    /**
     * Adds a lagging subscriber of {@code topic} on its own thread ({@code sink-NAME}): it never makes a publisher
     * wait or lose a message; what it cannot keep up with it loses, counted. For CSV writers, displays, scoring.
     */
    <M> void sink(String name, String topic, MessageType<M> type, Sink<M> sink) throws ConfigError;
}
