package io.afferent.sim.sensor;

import io.afferent.api.MessageType;
import io.afferent.api.PeriodicSource;
import io.afferent.api.SourceContext;
import io.afferent.sim.fault.FaultLog;
import io.afferent.sim.fault.FaultPlan;
import io.afferent.sim.fault.FaultType;
import io.afferent.sim.fault.FaultWindow;

/**
 * A simulated sensor as a {@link PeriodicSource}, with its faults. Like a real sensor with its own output
 * data rate, it produces sample k at {@code origin + k·period}; a read at clock time t returns the latest
 * sample, {@code k = floor((t - origin) / period)}. Every index is produced in order (a reader that wakes
 * late is handed the periods it missed, see {@link #heldSamples}), so the output for index k is identical in real time
 * ({@link #sample}) and in virtual time ({@link #produceIndex}) for the same seed.
 *
 * <p>Single thread: the reader thread (or the virtual run's thread). Allocation-free after construction,
 * except for one log entry when a fault starts.
 *
 * @param <M> the message type it publishes
 */
public final class SimSource<M> implements PeriodicSource<M> {
    private final String name;
    private final SimSensor<M> sensor;
    private final SimMessage<M> message;
    private final long originNanos;
    private final long periodNanos;
    private final FaultPlan plan;
    private final FaultLog log;
    private final Object[] history;
    private final M held;
    private final M prepared;
    private int heldWindow = -1;
    private long lastIndex = -1;
    private int logCursor;
    private SourceContext context;
    private boolean reportedDown;

    public SimSource(String name, SimSensor<M> sensor, long originNanos, long periodNanos, FaultPlan plan, FaultLog log) {
        if (periodNanos <= 0) {
            throw new IllegalArgumentException("period must be positive: " + periodNanos);
        }
        this.name = name;
        this.sensor = sensor;
        this.message = sensor.message();
        this.originNanos = originNanos;
        this.periodNanos = periodNanos;
        this.plan = plan;
        this.log = log;
        held = message.create();
        prepared = message.create();
        int len = (int) Math.min(1 << 16, plan.maxDelayNanos() / periodNanos + 2);
        history = new Object[len];
        for (int i = 0; i < len; i++) {
            history[i] = message.create();
        }
    }

    public String name() { return name; }
    public long periodNanos() { return periodNanos; }
    public long originNanos() { return originNanos; }
    public FaultPlan faults() { return plan; }
    public SimSensor<M> sensor() { return sensor; }

    /** The message type this source publishes. */
    public MessageType<M> type() {
        return message.type();
    }

    /** A new cleared message of this source's type (set-up only). */
    public M newMessage() {
        return message.create();
    }

    /** True when {@code m} carries valid data (what a dropout clears). */
    public boolean isValid(M m) {
        return message.isValid(m);
    }

    @Override
    public void open(SourceContext context) {
        this.context = context;
    }

    /**
     * Every sample of its own timeline: like a sensor with an output FIFO it keeps sampling while its reader is held
     * up, and produces every index in order, so a reader that wakes late is given each period it missed.
     */
    @Override
    public int heldSamples() {
        return Integer.MAX_VALUE;
    }

    /** Always publishes: a dropout publishes a sample that carries nothing valid, as before. */
    @Override
    public boolean sample(long acquiredNanos, M out) {
        produceIndex(indexAt(acquiredNanos), out);
        boolean down = plan.active(FaultType.DROPOUT, lastIndex * periodNanos) >= 0;
        if (context != null && down != reportedDown) {
            reportedDown = down;
            context.connectionChanged(!down, down ? "simulated dropout" : "simulated dropout ended");
        }
        return true;
    }

    /**
     * Steps the sensor's models through every index before {@code nanos} now, off the timeline:
     * when the world started before the reader's timeline (the run's start lead), the first sample would
     * otherwise produce all of them at once. The same indices are produced in the same order, so every
     * output is unchanged.
     */
    @Override
    public void advanceTo(long nanos) {
        long before = indexAt(nanos) - 1;
        if (before > lastIndex) {
            produceIndex(before, prepared);
        }
    }

    /** The index of the latest sample at clock time {@code nanos}. */
    public long indexAt(long nanos) {
        return Math.max(0, Math.floorDiv(nanos - originNanos, periodNanos));
    }

    /** Clock time of sample {@code index}. */
    public long timeOf(long index) {
        return originNanos + index * periodNanos;
    }

    /**
     * Fills {@code out} with sample {@code index}, faults applied. Indices must not go back;
     * the same index again gives the same output.
     */
    public void produceIndex(long index, M out) {
        if (index < lastIndex) {
            throw new IllegalStateException(name + ": sample index went back from " + lastIndex + " to " + index);
        }
        for (long j = lastIndex + 1; j <= index; j++) {
            M h = slot(j);
            message.clear(h);
            sensor.produce(j, timeOf(j), h);
            onProduced(j, h);
        }
        lastIndex = index;
        long rel = index * periodNanos;
        if (plan.active(FaultType.DROPOUT, rel) >= 0) {
            message.invalidate(out);
            return;
        }
        int stuck = plan.active(FaultType.STUCK, rel);
        if (stuck >= 0 && stuck == heldWindow) {
            message.copy(held, out);
            return;
        }
        int late = plan.active(FaultType.LATENCY, rel);
        if (late >= 0) {
            long back = (plan.get(late).delayNanos() + periodNanos - 1) / periodNanos;
            long idx = index - back;
            if (idx < 0) {
                message.invalidate(out);
            } else {
                message.copy(slot(idx), out);
            }
            return;
        }
        message.copy(slot(index), out);
    }

    @SuppressWarnings("unchecked")
    private M slot(long index) {
        return (M) history[(int) (index % history.length)];
    }

    private void onProduced(long j, M produced) {
        long rel = j * periodNanos;
        while (logCursor < plan.size() && plan.get(logCursor).startNanos() <= rel) {
            FaultWindow w = plan.get(logCursor);
            if (!w.type().serialOnly() && rel < w.endNanos()) {
                log.add(w.startNanos(), name, w.type().word(), w.detail());
            }
            logCursor++;
        }
        int stuck = plan.active(FaultType.STUCK, rel);
        if (stuck >= 0 && stuck != heldWindow) {
            heldWindow = stuck;
            message.copy(produced, held);
        }
    }
}
