package io.afferent.api;

/**
 * A topic of the run as extensions see it.
 *
 * @param name      topic name
 * @param type      its message type
 * @param publisher {@code "source NAME"} or {@code "stage NAME"}
 */
public record TopicInfo(String name, MessageType<?> type, String publisher) {
}
