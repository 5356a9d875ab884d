package io.afferent.telemetry;

/**
 * One message waiting in the publisher's buffer: its kind, the topic below {@code afferent/ROBOT/}, and what
 * makes its payload (serialised on the publisher's thread, not the caller's). Immutable.
 */
record Outbound(MessageKind kind, String subtopic, String topicName, boolean retain, PayloadMaker maker) {
    /** Makes the JSON bytes; runs on the publisher's thread. */
    interface PayloadMaker {
        byte[] make();
    }
}
