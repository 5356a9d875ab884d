package io.afferent.api;

import java.util.Set;

/**
 * A source type a plugin registers: its name in profiles ({@code type: sim-imu}), the message type it publishes,
 * whether it is periodic (needs {@code rate_hz}) and tags for tools ({@code serial}: its params name a serial
 * {@code port}; {@code gpio}: it uses GPIO pins).
 */
public record SourceType<M>(String name, MessageType<M> messageType, boolean periodic, Set<String> tags,
                            SourceFactory<M> factory) {
    public SourceType {
        tags = Set.copyOf(tags);
    }

    public static <M> SourceType<M> periodic(String name, MessageType<M> type, SourceFactory<M> factory) {
        return new SourceType<>(name, type, true, Set.of(), factory);
    }

    public static <M> SourceType<M> stream(String name, MessageType<M> type, SourceFactory<M> factory) {
        return new SourceType<>(name, type, false, Set.of(), factory);
    }

    public SourceType<M> tagged(String... more) {
        java.util.Set<String> t = new java.util.LinkedHashSet<>(tags);
        t.addAll(java.util.List.of(more));
        return new SourceType<>(name, messageType, periodic, t, factory);
    }
}
