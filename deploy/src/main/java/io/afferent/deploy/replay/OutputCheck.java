package io.afferent.deploy.replay;

import com.lmax.disruptor.RingBuffer;
import io.afferent.api.MessageType;
import io.afferent.mcap.CdrWriter;
import io.afferent.mcap.McapRecord;
import io.afferent.record.ExactCodec;
import io.afferent.runtime.topic.Slot;
import io.afferent.runtime.topic.Topic;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One topic a replayed stage publishes: reads what replay published after each handling and compares it, bit for
 * bit, with the recorded message of the same sequence (its exact encoding against the recorded payload; decoded only
 * to name the field that differs); keeps a copy for each later stage that reads the topic. Single thread.
 */
final class OutputCheck<M> {
    /** Where the envelope (CDR header, sequence, origin and publication times, chain) of an exact payload ends. */
    private static final int ENVELOPE_END = 4 + 8 + 8 + 8 + 4;
    private final String topic;
    private final MessageType<M> type;
    private final ExactCodec<M> codec;
    private final RingBuffer<Slot<M>> ring;
    private long next;
    private final TopicQueue recorded;
    private final M recordedMessage;
    private final CdrWriter encoded = new CdrWriter(4096);
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
        this.ring = t.buffer();
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

    /**
     * Reads what replay published since the last call, in place in the topic's ring (replay is one thread: nothing
     * overwrites a slot meanwhile); compares it when {@code compare}. Returns a divergence or null.
     */
    String poll(boolean compare) throws Replay.ReplayException {
        long cursor = ring.getCursor();
        if (cursor - next >= ring.getBufferSize()) {
            throw new Replay.ReplayException("a stage published more on " + topic + " in one handling than its ring"
                    + " holds (" + ring.getBufferSize() + ")");
        }
        while (next <= cursor) {
            Slot<M> s = ring.get(next++);
            if (s.sequence >= 0) {
                check(s, compare);
                if (failure != null) {
                    throw failure;
                }
            }
        }
        return divergence;
    }

    private void check(Slot<M> in, boolean comparing) {
        M m = in.message;
        published++;
        for (int i = 0; i < consumers.size(); i++) {
            M copy = type.create();
            type.copy(m, copy);
            consumers.get(i).put(in.sequence, new Object[]{copy, new long[]{in.originNanos, in.publishedNanos, in.chain}});
        }
        if (divergence != null) {
            return;
        }
        McapRecord.Message rec;
        try {
            rec = recorded.take(in.sequence);
        } catch (Replay.ReplayException e) {
            failure = e;
            return;
        }
        if (!comparing) {
            return;
        }
        if (rec == null) {
            divergence = "topic " + topic + " #" + in.sequence + ": replay published a message the recording does"
                    + " not have; inputs just before it:\n  " + recent.describe();
            return;
        }
        // Equal bits are equal bytes after the envelope, which replay does not reproduce (its chain and publication
        // time are its own): compare the replayed message's encoding with the recorded payload, decode only on a
        // difference to name the field.
        codec.encode(encoded, in.sequence, 0, 0, 0, m);
        byte[] mine = encoded.array();
        byte[] theirs = rec.data();
        if (!java.util.Arrays.equals(mine, ENVELOPE_END, encoded.size(), theirs, ENVELOPE_END, theirs.length)) {
            ExactCodec.Envelope env;
            String field;
            try {
                env = codec.decode(theirs, recordedMessage);
                field = codec.firstDifference(recordedMessage, m);
            } catch (RuntimeException e) {
                failure = new Replay.ReplayException("topic '" + topic + "': a recorded message does not match the"
                        + " schema of " + type.name() + " (" + e.getMessage() + ")");
                return;
            }
            divergence = String.format("topic %s #%d at %.6f s (acquisition time of its input), field %s (recorded vs"
                            + " replayed); inputs just before it:%n  %s", topic, in.sequence,
                    recent.seconds(env.originNanos()), field == null ? "(none: the encodings differ)" : field,
                    recent.describe());
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
