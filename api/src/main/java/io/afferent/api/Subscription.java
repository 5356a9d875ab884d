package io.afferent.api;

/**
 * The handlers of one subscribed topic, by message type: the one that matches the topic's type is used. A topic
 * whose type none of them accepts is a configuration error at the input's place in the profile.
 */
public interface Subscription {
    <M> Subscription on(MessageType<M> type, Handler<M> handler);

    /** A handler for whatever type the topic carries (counters, generic tools); used when no typed handler matches. */
    Subscription onAny(Handler<Object> handler);
}
