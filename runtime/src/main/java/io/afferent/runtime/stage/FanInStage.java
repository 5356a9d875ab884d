package io.afferent.runtime.stage;

import io.afferent.runtime.topic.StageOrder;
import io.afferent.runtime.topic.TopicWriter;

import com.lmax.disruptor.EventPoller;
import io.afferent.api.Stage;
import io.afferent.config.ErrorPolicy;
import io.afferent.runtime.clock.NanoClock;
import io.afferent.runtime.thread.ErrorLog;
import io.afferent.runtime.thread.ManagedThread;
import io.afferent.runtime.thread.RunControl;
import io.afferent.runtime.topic.ChainTable;
import io.afferent.runtime.topic.Provenance;
import io.afferent.runtime.topic.Slot;
import io.afferent.runtime.wait.IdleStrategy;
import io.afferent.runtime.wait.StageWakeup;

import java.util.List;
import java.util.function.LongConsumer;

/**
 * A stage thread that consumes all its input topics (fan-in) and hands each message to the user's handler for it
 * (a {@link Stage}'s subscriptions), measuring queue latency (publish to start of handling), service time against
 * the deadline budget, and end-to-end latency (acquisition to output) per input. Inputs are polled
 * round robin, at most {@link #BATCH_LIMIT} samples from one ring at a time, so that a burst on one
 * input cannot starve the others.
 *
 * <p>When the readers have stopped ({@link #inputsClosed()}), it drains every ring before it returns,
 * so that nothing published is left unconsumed. Single thread: the stage thread runs {@link #run()}.
 */
public final class FanInStage implements ManagedThread.Body {
    static final int BATCH_LIMIT = 64;

    private final String name;
    private final Stage processor;
    private final Provenance provenance;
    private final ChainTable chains;
    private final boolean terminal;
    private final LongConsumer heartbeat;
    private final StageStats stats;
    private final NanoClock clock;
    private final RunControl control;
    private final ErrorLog errors;
    private final ErrorPolicy onError;
    private final IdleStrategy idle;
    private final StageInput<?>[] inputs;
    private final Poll<?>[] polls;
    /**
     * Stage thread: the start of handling of the next sample. Read from the clock at the first sample of a poll,
     * then set to the end of each sample handled, so that the samples of a batch, handled back to back, take one
     * clock reading each, and a poll that finds nothing takes none (a clock reading costs 20-30 ns on a VM).
     */
    private long cursorNanos;
    private boolean cursorRead;
    private TopicWriter<StageOrder> order;
    private io.afferent.runtime.clock.RecordingClock orderClock;
    private volatile boolean inputsClosed;
    private volatile boolean failed;

    /**
     * @param provenance shared with the stage's output writers: the origin and chain of the message being handled
     * @param terminal   the stage publishes nothing: its per-input end-to-end latency is taken at each message handled
     */
    public FanInStage(String name, Stage processor, StageStats stats, List<StageInput<?>> inputs, Provenance provenance,
                      ChainTable chains, boolean terminal, NanoClock clock, RunControl control, ErrorLog errors,
                      ErrorPolicy onError, IdleStrategy idle, StageWakeup wakeup, LongConsumer heartbeat) {
        this.name = name;
        this.processor = processor;
        this.stats = stats;
        this.provenance = provenance;
        this.chains = chains;
        this.terminal = terminal;
        this.heartbeat = heartbeat;
        this.clock = clock;
        this.control = control;
        this.errors = errors;
        this.onError = onError;
        this.idle = idle;
        this.inputs = inputs.toArray(new StageInput<?>[0]);
        this.polls = new Poll<?>[this.inputs.length];
        for (int i = 0; i < polls.length; i++) {
            polls[i] = poll(this.inputs[i], i);
        }
        if (wakeup != null) {
            wakeup.hasWork(this::hasPending);
        }
    }

    private <M> Poll<M> poll(StageInput<M> in, int index) {
        return new Poll<>(in, index);
    }

    /**
     * Publishes, after each message handled, which input and sequence it was on {@code order} (only while the run is
     * recorded: replay feeds the stage in this order). Set-up thread, before {@link #run()}.
     */
    public void recordOrder(TopicWriter<StageOrder> order, io.afferent.runtime.clock.RecordingClock stageClock) {
        this.order = order;
        this.orderClock = stageClock;
    }

    public String name() {
        return name;
    }

    public StageStats stats() {
        return stats;
    }

    public Stage processor() {
        return processor;
    }

    /** Called once every reader feeding this stage has stopped: drain what is left, then return. */
    public void inputsClosed() {
        inputsClosed = true;
    }

    /** True if the stage stopped on an error (it then no longer drains). */
    public boolean failed() {
        return failed;
    }

    @Override
    public void run() throws Exception {
        while (true) {
            int work = pollAll();
            if (failed) {
                return;
            }
            if (work == 0) {
                if (inputsClosed && !hasPending()) {
                    processor.flush();
                    processor.close();
                    return;
                }
                idle.idle(0);
                if (!idleWork()) {
                    return;
                }
            }
        }
    }

    /** The stage's time-based work after an idle wait ({@link Stage#idle}); false if it failed under on_error: stop. */
    private boolean idleWork() {
        try {
            processor.idle(clock.nanoTime());
        } catch (Throwable t) {
            return handlerFailed(t);
        }
        return true;
    }

    /** Counts and reports a handler's error and applies the policy; false if the stage must stop. */
    private boolean handlerFailed(Throwable t) {
        stats.errors.increment();
        errors.report("stage " + name, t);
        if (onError == ErrorPolicy.STOP) {
            failed = true;
            control.fail("stage " + name + " failed (on_error: stop): " + t.getMessage());
            return false;
        }
        processor.reset();
        return true;
    }

    int pollAll() throws Exception {
        int work = 0;
        cursorRead = false;
        for (Poll<?> p : polls) {
            work += p.poll();
        }
        return work;
    }

    /** Whether any input ring holds samples not yet consumed. Any thread. */
    public boolean hasPending() {
        for (StageInput<?> in : inputs) {
            if (in.hasPending()) {
                return true;
            }
        }
        return false;
    }

    public List<StageInput<?>> inputs() {
        return List.of(inputs);
    }

    /** Samples published into the input rings but never consumed (non-zero only after a failure). */
    public long unconsumed() {
        long sum = 0;
        for (StageInput<?> in : inputs) {
            sum += in.unconsumed();
        }
        return sum;
    }

    private final class Poll<M> implements EventPoller.Handler<Slot<M>> {
        final StageInput<M> in;
        final boolean beats;
        final int index;

        Poll(StageInput<M> in, int index) {
            this.in = in;
            this.beats = index == 0;
            this.index = index;
        }

        int poll() throws Exception {
            in.handled = 0;
            in.poller.poll(this);
            return in.handled;
        }

        @Override
        public boolean onEvent(Slot<M> slot, long sequence, boolean endOfBatch) {
            StageInput<M> in = this.in;
            in.handled++;
            if (!cursorRead) {
                cursorNanos = clock.nanoTime();
                cursorRead = true;
            }
            long start = cursorNanos;
            in.consumed.increment();
            stats.events.increment();
            int chain = slot.chain < in.nextChain.length ? in.nextChain[slot.chain] : -1;
            in.current = slot;
            in.currentChain = chain;
            provenance.originNanos = slot.originNanos;
            provenance.chain = chain;
            provenance.published = 0;
            if (orderClock != null) {
                orderClock.begin();
            }
            try {
                in.handler.onMessage(slot.message, in);
            } catch (Throwable t) {
                if (!handlerFailed(t)) {
                    return false;
                }
            }
            if (order != null) {
                orderClock.end();
                StageOrder o = order.claim();
                o.input = index;
                o.sequence = slot.sequence;
                o.startedNanos = Math.max(start, slot.publishedNanos);
                o.clockReads = orderClock.count();
                for (int i = 0, n = Math.min(o.clockReads, o.clock.length); i < n; i++) {
                    o.clock[i] = orderClock.read(i);
                }
                order.publish(slot.originNanos, -1);
            }
            long end = clock.nanoTime();
            cursorNanos = end;
            long service = end - start;
            stats.queue().record(start - slot.publishedNanos);
            stats.service().record(service);
            long e2e = end - slot.originNanos;
            if (provenance.published > 0 || terminal) {
                in.endToEnd.record(e2e);
            }
            if (chain >= 0) {
                chains.latency(chain).record(e2e);
            }
            if (beats && heartbeat != null) {
                heartbeat.accept(end);
            }
            if (service > stats.deadlineNanos()) {
                stats.deadlineMisses.increment();
            }
            return in.handled < BATCH_LIMIT;
        }
    }
}
