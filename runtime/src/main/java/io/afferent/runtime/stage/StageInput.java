package io.afferent.runtime.stage;

import com.lmax.disruptor.EventPoller;
import io.afferent.api.Handler;
import io.afferent.api.Input;
import io.afferent.runtime.timing.Counter;
import io.afferent.runtime.timing.LatencyRecorder;
import io.afferent.runtime.topic.Slot;
import io.afferent.runtime.topic.Topic;

/**
 * One subscribed topic of a stage: its gating poller, the user's handler for the topic's type, and what is measured
 * per input. Also the {@link Input} the handler sees for the message being handled. Single thread: the stage's.
 */
public final class StageInput<M> implements Input {
    final Topic<M> topic;
    final EventPoller<Slot<M>> poller;
    final Handler<M> handler;
    final Counter consumed;
    final LatencyRecorder endToEnd;
    /** Chain id of an arriving message → the chain continued through this stage. */
    final int[] nextChain;
    Slot<M> current;
    int currentChain;
    int handled;

    public StageInput(Topic<M> topic, String stage, Handler<M> handler, Counter consumed, LatencyRecorder endToEnd,
                      int[] nextChain) {
        this.topic = topic;
        this.poller = topic.newGatingPoller("stage " + stage);
        this.handler = handler;
        this.consumed = consumed;
        this.endToEnd = endToEnd;
        this.nextChain = nextChain;
    }

    public Topic<M> topicRef() {
        return topic;
    }

    public Counter consumed() {
        return consumed;
    }

    /** Whether the ring holds messages not yet consumed. Any thread. */
    public boolean hasPending() {
        return poller.getSequence().get() < topic.cursor();
    }

    /** Messages published into the ring and never consumed (non-zero only after a failure). */
    public long unconsumed() {
        return Math.max(0, topic.cursor() - poller.getSequence().get());
    }

    @Override
    public String topic() {
        return topic.name();
    }

    @Override
    public long originNanos() {
        return current.originNanos;
    }

    @Override
    public long publishedNanos() {
        return current.publishedNanos;
    }

    @Override
    public long sequence() {
        return current.sequence;
    }

    /** The chain continued through this stage: pass it to {@code Output.publish(origin, chain)}. */
    @Override
    public int chain() {
        return currentChain;
    }
}
