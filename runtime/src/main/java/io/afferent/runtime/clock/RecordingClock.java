package io.afferent.runtime.clock;

/**
 * The clock a stage gets while its run is recorded: it passes every reading through and keeps the readings the
 * stage thread makes while it handles one message (up to {@link #MAX_READS}), so that the stage's handling order
 * can carry them and replay give the stage the very same readings (a stage that times its own steps, as fusion's
 * overrun guard does, then decides the same way). Readings from other threads (the reporter) are not kept.
 *
 * <p>Single writer: the stage thread, between {@link #begin()} and {@link #end()}; any thread may read the time.
 */
public final class RecordingClock implements NanoClock {
    public static final int MAX_READS = 16;
    private final NanoClock inner;
    private final long[] reads = new long[MAX_READS];
    private int count;
    private Thread owner;

    public RecordingClock(NanoClock inner) {
        this.inner = inner;
    }

    @Override
    public long nanoTime() {
        long t = inner.nanoTime();
        if (owner != null && Thread.currentThread() == owner) {
            if (count < MAX_READS) {
                reads[count] = t;
            }
            count++;
        }
        return t;
    }

    /** Stage thread: a handling starts. */
    public void begin() {
        count = 0;
        owner = Thread.currentThread();
    }

    /** Stage thread: the handling ended; {@link #count()} and {@link #read} give what it read. */
    public void end() {
        owner = null;
    }

    /** Readings made during the last handling (may exceed {@link #MAX_READS}: the rest were not kept). */
    public int count() {
        return count;
    }

    public long read(int i) {
        return reads[i];
    }
}
