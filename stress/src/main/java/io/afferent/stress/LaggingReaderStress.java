package io.afferent.stress;

import io.afferent.api.Input;
import io.afferent.api.MessageType;
import io.afferent.runtime.topic.LaggingReader;
import io.afferent.runtime.topic.Provenance;
import io.afferent.runtime.topic.Topic;
import io.afferent.runtime.topic.TopicStats;
import io.afferent.runtime.topic.TopicWriter;
import io.afferent.runtime.wait.StageWakeup;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * The seqlock of a lagging subscriber ({@link LaggingReader}): a publisher overwrites the slots of a two-slot topic
 * (four messages, each with {@code a == b == sequence + 1}, written field by field after the slot was cleared)
 * while the reader copies them. The reader must never deliver a torn message: one whose fields disagree with each
 * other or with its envelope's sequence. What it could not read intact it counts as dropped, so that after the
 * publisher stopped and the reader drained, {@code consumed + dropped == published}.
 *
 * <p>r1 = torn messages delivered, r2 = 1 when consumed + dropped == published, r3 = 1 when the reader lost some.
 */
@JCStressTest
@Outcome(id = "0, 1, 0", expect = Expect.ACCEPTABLE, desc = "read everything intact")
@Outcome(id = "0, 1, 1", expect = Expect.ACCEPTABLE_INTERESTING, desc = "lost overwritten messages, counted, none torn")
@Outcome(expect = Expect.FORBIDDEN, desc = "a torn message was delivered, or the loss was not counted exactly")
@State
public class LaggingReaderStress {
    static final int MESSAGES = 4;

    /** The message: two fields the publisher writes one after the other. */
    public static final class Pair {
        public long a;
        public long b;
    }

    static final MessageType<Pair> PAIR = MessageType.of("pair", Pair.class);

    private final Topic<Pair> topic = new Topic<>("pairs", PAIR, "stage writer", 2, StageWakeup.NO_SIGNAL);
    private final LaggingReader<Pair> reader = topic.newLaggingReader("sink stress");
    private final TopicWriter<Pair> writer = TopicWriter.forStage(topic, System::nanoTime, new TopicStats(),
            new Provenance());
    private int torn;
    private final LaggingReader.Handler<Pair> check = this::check;

    private void check(Pair p, Input in) {
        if (p.a != p.b || p.a != in.sequence() + 1) {
            torn++;
        }
    }

    @Actor
    public void publisher() {
        for (long i = 1; i <= MESSAGES; i++) {
            Pair p = writer.claim();
            p.a = i;
            p.b = i;
            writer.publish();
        }
    }

    /** Actors may not throw checked exceptions; the handler throws none. */
    private int poll() {
        try {
            return reader.poll(check, MESSAGES);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Actor
    public void subscriber() {
        poll();
        poll();
    }

    @Arbiter
    public void drained(III_Result r) {
        while (poll() > 0) {
            // the rest, now that the publisher stopped
        }
        r.r1 = torn;
        r.r2 = reader.consumed.get() + reader.dropped.get() == MESSAGES ? 1 : 0;
        r.r3 = reader.dropped.get() > 0 ? 1 : 0;
    }
}
