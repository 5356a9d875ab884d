package io.afferent.runtime.fusion;

import com.lmax.disruptor.EventPoller;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;

/**
 * Writes fused states to a CSV file from its own thread (never the stage's): it polls the
 * {@link FusedStateRing} with its own poller, keeps one state in {@code every}, and on
 * {@link #finish()} drains what is left, flushes and returns. Run its {@link #run()} as the body of a
 * thread (e.g. a {@code ManagedThread} named {@code sink-fusion-csv}).
 *
 * <p>Construct while the pipeline is built (it takes its poller then). {@link #run()} on the sink
 * thread; {@link #finish()} and the counters from any thread.
 */
public final class FusedCsvSink {
    public static final String HEADER = "time_s,x_m,y_m,lat_deg,lon_deg,heading_deg,speed_mps,turn_rate_deg_s,"
            + "vel_east_mps,vel_north_mps,roll_deg,pitch_deg,yaw_deg,gyro_bias_deg_s,gyro_scale_error,"
            + "wheel_turn_deg_per_m,position_sigma_m,heading_sigma_deg,flags,status";
    private static final long IDLE_NANOS = 10_000_000L;

    private final EventPoller<FusedState> poller;
    /** Made once: a method reference in the loop would allocate a handler per poll. */
    private final EventPoller.Handler<FusedState> handler = this::onState;
    private final Path file;
    private final int every;
    private final long originNanos;
    private char[] chars = new char[512];
    private final StringBuilder line = new StringBuilder(256);
    private volatile boolean finishing;
    private volatile long written;
    private long seen;
    private BufferedWriter out;

    /**
     * @param originNanos clock time written as 0 in the {@code time_s} column (the run's start)
     */
    public FusedCsvSink(FusedStateRing ring, Path file, int every, long originNanos) {
        this.poller = ring.newPoller();
        this.file = file;
        this.every = every;
        this.originNanos = originNanos;
    }

    /** Sink thread: writes until {@link #finish()} was called and the ring is drained. */
    public void run() throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out = w;
            w.write(HEADER);
            w.write('\n');
            while (true) {
                boolean done = finishing; // read before polling: whatever was published before finish() is drained
                EventPoller.PollState st;
                try {
                    st = poller.poll(handler);
                } catch (IOException | RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IOException(e);
                }
                if (st != EventPoller.PollState.PROCESSING) {
                    if (done) {
                        break;
                    }
                    w.flush();
                    LockSupport.parkNanos(IDLE_NANOS);
                }
            }
            w.flush();
        }
    }

    private boolean onState(FusedState s, long sequence, boolean endOfBatch) throws IOException {
        if (seen++ % every != 0) {
            return true;
        }
        StringBuilder b = line;
        b.setLength(0);
        b.append((s.timeNanos - originNanos) * 1e-9).append(',')
                .append(s.xM).append(',').append(s.yM).append(',')
                .append(s.latitudeDeg).append(',').append(s.longitudeDeg).append(',')
                .append(Math.toDegrees(s.headingRad)).append(',').append(s.speedMps).append(',')
                .append(Math.toDegrees(s.turnRateRadPerS)).append(',')
                .append(s.velocityEastMps).append(',').append(s.velocityNorthMps).append(',')
                .append(Math.toDegrees(s.rollRad)).append(',').append(Math.toDegrees(s.pitchRad)).append(',')
                .append(Math.toDegrees(s.yawRad)).append(',').append(Math.toDegrees(s.gyroBiasRadPerS)).append(',')
                .append(s.gyroScaleError).append(',').append(Math.toDegrees(s.wheelTurnRadPerM)).append(',')
                .append(s.positionSigmaM).append(',').append(Math.toDegrees(s.headingSigmaRad)).append(',')
                .append(s.flags).append(',');
        FusionFlags.appendTo(b, s.flags).append('\n');
        if (chars.length < b.length()) {
            chars = new char[2 * b.length()];
        }
        b.getChars(0, b.length(), chars, 0);
        out.write(chars, 0, b.length()); // Writer.append(CharSequence) would make a String of every line
        written++;
        return true;
    }

    /** Asks the sink to drain what was published, flush and return. Call after the stage has stopped. */
    public void finish() {
        finishing = true;
    }

    public Path file() {
        return file;
    }

    /** Lines written (without the header). Any thread. */
    public long written() {
        return written;
    }
}
