package io.afferent.stress;

import io.afferent.runtime.topic.Provenance;
import io.afferent.runtime.topic.Slot;
import io.afferent.runtime.topic.Topic;
import io.afferent.runtime.topic.TopicStats;
import io.afferent.runtime.topic.TopicWriter;
import io.afferent.runtime.wait.StageWakeup;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * The negative control of {@link LaggingReaderStress}: the same publisher, and a reader that copies the newest slot
 * without the seqlock's check. It can see a torn message (r1 = 1), which shows that the harness catches what the
 * check in {@code LaggingReader} prevents.
 */
@JCStressTest
@Outcome(id = "0", expect = Expect.ACCEPTABLE, desc = "the copy happened to be intact")
@Outcome(id = "1", expect = Expect.ACCEPTABLE_INTERESTING, desc = "torn copy: what the seqlock check exists for")
@State
public class CopyWithoutSeqlockStress {
    private final Topic<LaggingReaderStress.Pair> topic = new Topic<>("pairs", LaggingReaderStress.PAIR, "stage writer",
            2, StageWakeup.NO_SIGNAL);
    private final TopicWriter<LaggingReaderStress.Pair> writer = TopicWriter.forStage(topic, System::nanoTime,
            new TopicStats(), new Provenance());
    private final LaggingReaderStress.Pair copy = new LaggingReaderStress.Pair();

    public CopyWithoutSeqlockStress() {
        topic.newLaggingReader("sink control"); // so that the publisher announces its writes, as with a real sink
    }

    @Actor
    public void publisher() {
        for (long i = 1; i <= LaggingReaderStress.MESSAGES; i++) {
            LaggingReaderStress.Pair p = writer.claim();
            p.a = i;
            p.b = i;
            writer.publish();
        }
    }

    @Actor
    public void reader(I_Result r) {
        int torn = 0;
        for (int k = 0; k < 4; k++) {
            long cursor = topic.cursor();
            if (cursor < 0) {
                continue;
            }
            Slot<LaggingReaderStress.Pair> s = topic.buffer().get(cursor);
            LaggingReaderStress.PAIR.copy(s.message, copy);
            if (copy.a != copy.b) {
                torn = 1;
            }
        }
        r.r1 = torn;
    }
}
