package io.afferent.deploy.replay;

import io.afferent.mcap.McapRecord;
import io.afferent.record.ExactCodec;

import java.util.ArrayDeque;

/**
 * One reader's view of a topic's recorded messages, in recorded order (sequence order): {@link #take} the one with a
 * sequence, skipping those before it (the reader never saw them), reading the file on as far as needed. Single thread.
 */
final class TopicQueue {
    private final String topic;
    private final RecordingFile file;
    private final ArrayDeque<McapRecord.Message> messages = new ArrayDeque<>();
    private long lastSequence = Long.MIN_VALUE;

    TopicQueue(String topic, RecordingFile file) {
        this.topic = topic;
        this.file = file;
    }

    String topic() {
        return topic;
    }

    void add(McapRecord.Message m) {
        messages.addLast(m);
        lastSequence = ExactCodec.sequenceOf(m.data());
    }

    /** The recorded message with this sequence, or null when the recording does not have it. */
    McapRecord.Message take(long sequence) throws Replay.ReplayException {
        while (lastSequence < sequence && file.pull()) {
            // read on until this topic's queue reaches the sequence, or the file ends
        }
        while (!messages.isEmpty()) {
            McapRecord.Message head = messages.peekFirst();
            long s = ExactCodec.sequenceOf(head.data());
            if (s > sequence) {
                return null;
            }
            messages.removeFirst();
            if (s == sequence) {
                return head;
            }
        }
        return null;
    }

    /** The next message, or null at the end of the recording. */
    McapRecord.Message peek() throws Replay.ReplayException {
        while (messages.isEmpty() && file.pull()) {
            // read on until this topic has a message, or the file ends
        }
        return messages.peekFirst();
    }

    McapRecord.Message poll() throws Replay.ReplayException {
        McapRecord.Message m = peek();
        if (m != null) {
            messages.removeFirst();
        }
        return m;
    }
}
