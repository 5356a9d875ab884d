package io.afferent.deploy.replay;

import io.afferent.api.Input;
import io.afferent.api.MessageType;
import io.afferent.mcap.McapRecord;
import io.afferent.record.ExactCodec;
import io.afferent.runtime.topic.LaggingReader;
import io.afferent.runtime.topic.Topic;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One topic a replayed stage publishes: reads what replay published after each handling and compares it, bit for
 * bit, with the recorded message of the same sequence (decoded only while comparing); keeps a copy for each later
 * stage that reads the topic. Single thread.
 */
final class OutputCheck<M> implements LaggingReader.Handler<M> {
    private final String topic;
    private final MessageType<M> type;
    private final ExactCodec<M> codec;
    private final LaggingReader<M> reader;
    private final TopicQueue recorded;
    private final M recordedMessage;
    private final RecentInputs recent;
    /** Replayed messages (copies) and their envelopes, by sequence, for each later stage that reads the topic. */
    private final List<Map<Long, Object[]>> consumers = new ArrayList<>();
    private boolean comparing;
    private long published;
    private long compared;
    private String divergence;
    private Replay.ReplayException failure;

    OutputCheck(Topic<M> t, RecordingFile file, RecentInputs recent) {
        this.topic = t.name();
        this.type = t.type();
        this.codec = new ExactCodec<>(t.type());
        this.reader = t.newLaggingReader("replay");
        this.recorded = file.queue(t.name());
        this.recordedMessage = t.type().create();
        this.recent = recent;
    }

    String topic() {
        return topic;
    }

    /** A later stage reads this topic: its replayed messages are kept for it, taken with {@link #take}. */
    Map<Long, Object[]> addConsumer() {
        Map<Long, Object[]> m = new HashMap<>();
        consumers.add(m);
        return m;
    }

    /** Reads what replay published since the last call; compares it when {@code compare}. Returns a divergence or null. */
    String poll(boolean compare) throws Replay.ReplayException {
        comparing = compare;
        try {
            reader.poll(this, Integer.MAX_VALUE);
        } catch (Replay.ReplayException e) {
            throw e;
        } catch (Exception e) {
            throw new Replay.ReplayException("reading the replayed outputs of " + topic + " failed: " + e);
        }
        if (failure != null) {
            throw failure;
        }
        return divergence;
    }

    @Override
    public void onMessage(M m, Input in) {
        published++;
        for (int i = 0; i < consumers.size(); i++) {
            M copy = type.create();
            type.copy(m, copy);
            consumers.get(i).put(in.sequence(), new Object[]{copy, new long[]{in.originNanos(), in.publishedNanos(), in.chain()}});
        }
        if (divergence != null || failure != null) {
            return;
        }
        McapRecord.Message rec;
        try {
            rec = recorded.take(in.sequence());
        } catch (Replay.ReplayException e) {
            failure = e;
            return;
        }
        if (!comparing) {
            return;
        }
        if (rec == null) {
            divergence = "topic " + topic + " #" + in.sequence() + ": replay published a message the recording does"
                    + " not have; inputs just before it:\n  " + recent.describe();
            return;
        }
        ExactCodec.Envelope env = codec.decode(rec.data(), recordedMessage);
        if (!type.sameBits(recordedMessage, m)) {
            divergence = String.format("topic %s #%d at %.6f s (acquisition time of its input), field %s (recorded vs"
                            + " replayed); inputs just before it:%n  %s", topic, in.sequence(),
                    recent.seconds(env.originNanos()), codec.firstDifference(recordedMessage, m), recent.describe());
            return;
        }
        compared++;
    }

    long published() {
        return published;
    }

    long compared() {
        return compared;
    }
}
