package io.afferent.fusion;

import io.afferent.api.Input;
import io.afferent.api.Sink;
import io.afferent.api.msg.Pose;

import java.io.IOException;
import java.io.Writer;

/**
 * Writes poses to a CSV file from its own sink thread (never the stage's): one pose in {@code every}, flushed
 * every 100 ms of pose time and at the end. Java's shortest-repr formatting of doubles allocates (about 60
 * bytes a row): that is the sink's thread, which may lag and lose poses (counted) but never slows the stage.
 *
 * <p>Made on the set-up thread with its file already open; every other call on the sink thread.
 */
public final class PoseCsvSink implements Sink<Pose> {
    public static final String HEADER = "time_s,x_m,y_m,lat_deg,lon_deg,heading_deg,speed_mps,turn_rate_deg_s,"
            + "vel_east_mps,vel_north_mps,roll_deg,pitch_deg,yaw_deg,gyro_bias_deg_s,gyro_scale_error,"
            + "wheel_turn_deg_per_m,position_sigma_m,heading_sigma_deg,flags,status";
    static final long FLUSH_EVERY_NANOS = 100_000_000L;

    private final Writer out;
    private final int every;
    private final long originNanos;
    private char[] chars = new char[512];
    private final StringBuilder line = new StringBuilder(256);
    private volatile long written;
    private long seen;
    private boolean flushedOnce;
    private long lastFlushNanos;

    /**
     * Writes the header at once.
     *
     * @param originNanos clock time written as 0 in the {@code time_s} column (the run's origin)
     */
    public PoseCsvSink(Writer out, int every, long originNanos) throws IOException {
        this.out = out;
        this.every = every;
        this.originNanos = originNanos;
        out.write(HEADER);
        out.write('\n');
        out.flush();
    }

    @Override
    public void onMessage(Pose s, Input input) throws IOException {
        if (seen++ % every == 0) {
            write(s);
        }
        if (!flushedOnce || s.timeNanos - lastFlushNanos >= FLUSH_EVERY_NANOS) {
            out.flush();
            flushedOnce = true;
            lastFlushNanos = s.timeNanos;
        }
    }

    private void write(Pose s) throws IOException {
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
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    /** Rows written (without the header). Any thread. */
    public long written() {
        return written;
    }
}
