package io.afferent.sim.serve;

import io.afferent.api.Clock;
import io.afferent.sim.config.ServeSpec;
import io.afferent.sim.fault.FaultLog;
import io.afferent.sim.fault.FaultPlan;
import io.afferent.sim.fault.FaultType;
import io.afferent.sim.fault.FaultWindow;
import io.afferent.pty.PseudoTerminal;
import io.afferent.sim.sensor.Noise;
import io.afferent.sim.sensor.SimSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;

/**
 * One simulated sensor streamed over a pseudo-terminal: sample k is produced at its timeline time, written
 * in its protocol and paced like a UART (a message starts when it is produced or when the line is free,
 * and occupies length x 10 bits / baud), so the average never exceeds baud/10 bytes per second. Serial
 * faults: {@code corrupt} replaces bytes with random ones; {@code disconnect} closes the pty (its link
 * disappears) and re-creates it at the same link when the window ends.
 *
 * <p>Single writer: its own thread ({@link #run}); {@link #currentDevice()} and counters may be read by any thread.
 */
public final class ServedDevice implements Runnable {
    private final SimSource<?> source;
    private final FrameWriter<?> writer;
    private final ServeSpec spec;
    private final Clock clock;
    private final FaultLog log;
    private final long seed;
    private final long stream;
    private final boolean[] logged;
    private volatile PseudoTerminal pty;
    private volatile OverrunDrain drain;
    private volatile long overrunBytes;
    private volatile boolean running = true;
    private volatile long bytesWritten;
    private volatile long messagesWritten;
    private volatile Throwable failure;

    ServedDevice(SimSource<?> source, FrameWriter<?> writer, ServeSpec spec, Clock clock, FaultLog log, long seed) {
        this.source = source;
        this.writer = writer;
        this.spec = spec;
        this.clock = clock;
        this.log = log;
        this.seed = seed;
        this.stream = Noise.stream(source.name() + "/serial");
        this.logged = new boolean[source.faults().size()];
    }

    /** Opens the pseudo-terminal and its link; called before the thread starts. */
    void open() throws IOException {
        pty = PseudoTerminal.open(spec.link());
        drain = new OverrunDrain(pty.slavePath(), DRAIN_THRESHOLD_BYTES);
    }

    /** Unread bytes beyond this are discarded (a UART overrun) instead of stalling the writer. */
    static final int DRAIN_THRESHOLD_BYTES = 3000;

    /** Bytes discarded because nobody read them (see {@link OverrunDrain}). */
    public long overrunBytes() {
        OverrunDrain d = drain;
        return overrunBytes + (d == null ? 0 : d.discarded());
    }

    /** Closes everything; only before the writer thread started (a failed start). */
    void closeUnstarted() {
        closeDrain();
        closePty();
    }

    public String name() { return source.name(); }
    public ServeSpec spec() { return spec; }
    public long bytesWritten() { return bytesWritten; }
    public long messagesWritten() { return messagesWritten; }
    public Throwable failure() { return failure; }
    public long periodNanos() { return source.periodNanos(); }
    public FaultLog faultLog() { return log; }

    /** The slave device behind the link now, or null while disconnected. */
    public Path currentDevice() {
        PseudoTerminal p = pty;
        return p == null ? null : p.slavePath();
    }

    void stop() {
        running = false;
    }

    void closePty() {
        PseudoTerminal p = pty;
        if (p != null) {
            p.close();
        }
    }

    private void closeDrain() {
        if (drain != null) {
            overrunBytes += drain.discarded();
            drain.close();
            drain = null;
        }
    }

    @Override
    public void run() {
        try {
            loop();
        } catch (Throwable t) {
            failure = t;
        } finally {
            closeDrain();
            closePty();
        }
    }

    private void loop() throws IOException {
        FaultPlan plan = source.faults();
        long period = source.periodNanos();
        long byteTime = spec.byteTimeNanos();
        long busyUntil = Long.MIN_VALUE;
        long k = 1;
        while (running) {
            long tk = source.timeOf(k);
            if (!waitUntil(tk)) {
                return;
            }
            long rel = k * period;
            int dc = plan.active(FaultType.DISCONNECT, rel);
            if (dc >= 0) {
                if (pty != null) {
                    PseudoTerminal p = pty;
                    pty = null;
                    closeDrain();
                    p.close();
                    logOnce(dc, "link " + spec.link() + " removed");
                }
                writer.skip(k); // the sensor keeps running unseen
                k++;
                continue;
            }
            if (pty == null) {
                pty = PseudoTerminal.open(spec.link());
                drain = new OverrunDrain(pty.slavePath(), DRAIN_THRESHOLD_BYTES);
                log.add(rel, source.name(), "reconnect", "link " + spec.link() + " -> " + pty.slavePath());
            }
            int len = writer.produce(k);
            byte[] buf = writer.buffer();
            int corrupt = plan.active(FaultType.CORRUPT, rel);
            if (corrupt >= 0 && len > 0) {
                logOnce(corrupt, plan.get(corrupt).detail());
                double rate = plan.get(corrupt).rate();
                long b0 = bytesWritten;
                for (int i = 0; i < len; i++) {
                    if (Noise.uniform(seed, stream, b0 + i, 0) < rate) {
                        buf[i] = (byte) (Noise.hash(seed, stream, b0 + i, 1));
                    }
                }
            }
            if (len > 0) {
                long sendAt = Math.max(tk, busyUntil);
                if (!waitUntil(sendAt)) {
                    return;
                }
                drain.drain();
                pty.write(buf, 0, len);
                busyUntil = sendAt + len * byteTime;
                bytesWritten += len;
                messagesWritten++;
            }
            k++;
        }
    }

    private void logOnce(int window, String detail) {
        if (!logged[window]) {
            logged[window] = true;
            FaultWindow w = source.faults().get(window);
            log.add(w.startNanos(), source.name(), w.type().word(), detail);
        }
    }

    /** Parks until the clock reaches {@code deadline}; false when stopped. */
    private boolean waitUntil(long deadline) {
        while (running) {
            long left = deadline - clock.nanoTime();
            if (left <= 0) {
                return true;
            }
            LockSupport.parkNanos(Math.min(left, 50_000_000L));
        }
        return false;
    }
}
