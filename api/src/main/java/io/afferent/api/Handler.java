package io.afferent.api;

/**
 * Handles one message of one subscribed topic. Called on the stage's thread (or a sink's own thread) with the
 * message in place in the topic's ring: read it, do not keep it (copy what you need). Must not allocate, block or
 * log per message in steady state.
 */
@FunctionalInterface
public interface Handler<M> {
    void onMessage(M message, Input input) throws Exception;
}
