package io.afferent.runtime.stage;

import com.lmax.disruptor.EventPoller;
import io.afferent.config.ErrorPolicy;
import io.afferent.runtime.clock.NanoClock;
import io.afferent.runtime.ring.SampleRing;
import io.afferent.runtime.run.ErrorLog;
import io.afferent.runtime.run.ManagedThread;
import io.afferent.runtime.run.RunControl;
import io.afferent.runtime.sample.Sample;
import io.afferent.runtime.timing.Counter;
import io.afferent.runtime.timing.LatencyRecorder;
import io.afferent.runtime.wait.IdleStrategy;
import io.afferent.runtime.wait.StageWakeup;

import java.util.List;
import java.util.function.LongConsumer;

/**
 * A stage thread that consumes all its input rings (fan-in) and hands each sample to its
 * {@link StageProcessor}, measuring queue latency (publish to start of handling), service time against
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
    private final StageProcessor processor;
    private final StageStats stats;
    private final NanoClock clock;
    private final RunControl control;
    private final ErrorLog errors;
    private final ErrorPolicy onError;
    private final IdleStrategy idle;
    private final SampleRing[] rings;
    private final Input[] inputs;
    /**
     * Stage thread: the start of handling of the next sample. Read from the clock at the first sample of a poll,
     * then set to the end of each sample handled, so that the samples of a batch, handled back to back, take one
     * clock reading each, and a poll that finds nothing takes none (a clock reading costs 20-30 ns on a VM).
     */
    private long cursorNanos;
    private boolean cursorRead;
    private volatile boolean inputsClosed;
    private volatile boolean failed;

    public FanInStage(String name, StageProcessor processor, StageStats stats, List<SampleRing> rings, NanoClock clock,
                      RunControl control, ErrorLog errors, ErrorPolicy onError, IdleStrategy idle, StageWakeup wakeup,
                      LongConsumer heartbeat) {
        this.name = name;
        this.processor = processor;
        this.stats = stats;
        this.clock = clock;
        this.control = control;
        this.errors = errors;
        this.onError = onError;
        this.idle = idle;
        this.rings = rings.toArray(new SampleRing[0]);
        this.inputs = new Input[this.rings.length];
        for (int i = 0; i < inputs.length; i++) {
            SampleRing r = this.rings[i];
            inputs[i] = new Input(r.newPoller(), stats.consumed(r.name()), stats.endToEndByInput().get(r.name()),
                    i == 0 ? heartbeat : null);
        }
        if (wakeup != null) {
            wakeup.hasWork(this::hasPending);
        }
    }

    public String name() {
        return name;
    }

    public StageStats stats() {
        return stats;
    }

    public StageProcessor processor() {
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
                    return;
                }
                idle.idle(0);
            }
        }
    }

    int pollAll() throws Exception {
        int work = 0;
        cursorRead = false;
        for (Input in : inputs) {
            in.handled = 0;
            in.poller.poll(in);
            work += in.handled;
        }
        return work;
    }

    /** Whether any input ring holds samples not yet consumed. Any thread. */
    public boolean hasPending() {
        for (int i = 0; i < rings.length; i++) {
            if (inputs[i].poller.getSequence().get() < rings[i].cursor()) {
                return true;
            }
        }
        return false;
    }

    /** Samples published into the input rings but never consumed (non-zero only after a failure). */
    public long unconsumed() {
        long sum = 0;
        for (int i = 0; i < rings.length; i++) {
            sum += Math.max(0, rings[i].cursor() - inputs[i].poller.getSequence().get());
        }
        return sum;
    }

    private final class Input implements EventPoller.Handler<Sample> {
        final EventPoller<Sample> poller;
        final Counter consumed;
        final LatencyRecorder endToEnd;
        final LongConsumer heartbeat;
        int handled;

        Input(EventPoller<Sample> poller, Counter consumed, LatencyRecorder endToEnd, LongConsumer heartbeat) {
            this.poller = poller;
            this.consumed = consumed;
            this.endToEnd = endToEnd;
            this.heartbeat = heartbeat;
        }

        @Override
        public boolean onEvent(Sample sample, long sequence, boolean endOfBatch) {
            handled++;
            if (sample.sequence < 0) {
                return handled < BATCH_LIMIT; // a slot abandoned by a failing reader
            }
            if (!cursorRead) {
                cursorNanos = clock.nanoTime();
                cursorRead = true;
            }
            long start = cursorNanos;
            consumed.increment();
            stats.events.increment();
            boolean output = false;
            try {
                output = processor.onSample(sample);
            } catch (Throwable t) {
                stats.errors.increment();
                errors.report("stage " + name, t);
                if (onError == ErrorPolicy.STOP) {
                    failed = true;
                    control.fail("stage " + name + " failed (on_error: stop): " + t.getMessage());
                    return false;
                }
                processor.reset();
            }
            long end = clock.nanoTime();
            cursorNanos = end;
            long service = end - start;
            stats.queue().record(start - sample.publishedNanos);
            stats.service().record(service);
            if (output) {
                endToEnd.record(end - sample.acquiredNanos);
            }
            if (heartbeat != null) {
                heartbeat.accept(end);
            }
            if (service > stats.deadlineNanos()) {
                stats.deadlineMisses.increment();
            }
            return handled < BATCH_LIMIT;
        }
    }
}
