package io.afferent.runtime.topic;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.TimeoutException;
import com.lmax.disruptor.WaitStrategy;

/**
 * A topic ring's wait strategy: after each publication it signals the stages that block on the topic (those whose
 * {@code wait} is {@code block}); with none it costs an empty loop. Subscribers are added on the set-up thread,
 * before publishing starts. Only {@link #signalAllWhenBlocking} is used: stages poll, they never call waitFor.
 */
public final class Signal implements WaitStrategy {
    private WaitStrategy[] targets = new WaitStrategy[0];

    public void add(WaitStrategy target) {
        WaitStrategy[] t = java.util.Arrays.copyOf(targets, targets.length + 1);
        t[targets.length] = target;
        targets = t;
    }

    @Override
    public void signalAllWhenBlocking() {
        for (WaitStrategy t : targets) {
            t.signalAllWhenBlocking();
        }
    }

    @Override
    public long waitFor(long sequence, Sequence cursor, Sequence dependentSequence, SequenceBarrier barrier)
            throws AlertException, InterruptedException, TimeoutException {
        throw new UnsupportedOperationException("topic subscribers poll; they do not wait on the ring");
    }
}
