package io.afferent.drivers.witmotion;

import io.afferent.api.msg.Imu;

/**
 * WitMotion standard binary protocol parser (WT901, HWT901B, JY901...), byte at a time, allocation-free,
 * independent of the transport.
 *
 * <p>A frame is 11 bytes: {@code 0x55}, a type byte, four little-endian int16 words, and the low byte of
 * the sum of the first ten bytes. Decoded types (scale factors from the WitMotion protocol):
 * <ul>
 *   <li>{@code 0x51} acceleration: {@code v / 32768 * 16 g} (g = 9.80665 m/s²) on x, y, z, and word 4 =
 *       temperature {@code v / 100 °C} → {@link Imu#ACCEL} | {@link Imu#TEMPERATURE}</li>
 *   <li>{@code 0x52} angular rate: {@code v / 32768 * 2000 °/s}, in rad/s → {@link Imu#GYRO}</li>
 *   <li>{@code 0x53} angle: roll, pitch, yaw {@code v / 32768 * 180°}, in rad → {@link Imu#ANGLE}</li>
 *   <li>{@code 0x54} magnetometer: raw counts times {@code magMicroteslaPerCount} → {@link Imu#MAG}. The
 *       protocol gives no physical unit (it depends on the model's magnetometer chip and on calibration);
 *       with the default factor 1.0 the fields hold raw counts, usable for heading but not as microtesla.</li>
 * </ul>
 * Each decoded frame is one sample ({@link #FRAME}) whose {@link Imu#validMask} names what it carries:
 * one sample per frame, so that each keeps the arrival time of its own first byte; fusion merges them.
 * Other types with a valid checksum (0x50 time, 0x56 pressure, 0x59 quaternion...) are counted as unknown
 * and skipped.
 *
 * <p>Resynchronisation: when a checksum fails, the parser does not drop all eleven bytes but slides to the
 * next 0x55 inside them, so a single lost or corrupted byte costs at most the frames it touched.
 *
 * <p>Single thread: the thread that feeds it.
 */
public final class WitMotionParser {
    public static final int FRAME_BYTES = 11;
    public static final int HEADER = 0x55;
    public static final int TYPE_ACCEL = 0x51;
    public static final int TYPE_GYRO = 0x52;
    public static final int TYPE_ANGLE = 0x53;
    public static final int TYPE_MAG = 0x54;

    /** {@link #accept} results. */
    public static final int NONE = 0;
    /** A frame was decoded into {@link #imu()}: publish it. */
    public static final int FRAME = 1;
    /** A frame with a valid checksum of a type not decoded. */
    public static final int UNKNOWN = 2;
    /** Bytes were dropped; see {@link #lastReject()}. */
    public static final int REJECTED = 3;

    public static final double STANDARD_GRAVITY = 9.80665;
    private static final double ACCEL_SCALE = 16.0 * STANDARD_GRAVITY / 32768.0;
    private static final double GYRO_SCALE = Math.toRadians(2000.0) / 32768.0;
    private static final double ANGLE_SCALE = Math.PI / 32768.0;

    private final byte[] frame = new byte[FRAME_BYTES];
    private final byte[] replay = new byte[FRAME_BYTES - 1];
    private final Imu imu = new Imu();
    private final double magScale;
    private int len;
    private long stampNanos;
    private long frameStamp;
    private WitMotionReject lastReject;

    private final long[] rejectCounts = new long[WitMotionReject.values().length];
    private long frameCount;
    private long unknownCount;
    private long skippedBytes;

    /** Magnetometer counts are stored as raw counts (factor 1.0); see the class doc. */
    public WitMotionParser() {
        this(1.0);
    }

    public WitMotionParser(double magMicroteslaPerCount) {
        if (!(magMicroteslaPerCount > 0) || Double.isInfinite(magMicroteslaPerCount)) {
            throw new IllegalArgumentException("magMicroteslaPerCount must be positive: " + magMicroteslaPerCount);
        }
        this.magScale = magMicroteslaPerCount;
    }

    /**
     * Feeds one byte stamped {@code stampNanos}; the stamp of a frame's header byte becomes
     * {@link #frameStampNanos()}.
     *
     * @return {@link #NONE}, {@link #FRAME}, {@link #UNKNOWN} or {@link #REJECTED}
     */
    public int accept(byte b, long stampNanos) {
        int r = push(b, stampNanos);
        if (r != FULL) {
            return r;
        }
        int sum = 0;
        for (int i = 0; i < FRAME_BYTES - 1; i++) {
            sum += frame[i];
        }
        if ((sum & 0xff) != (frame[FRAME_BYTES - 1] & 0xff)) {
            count(WitMotionReject.BAD_CHECKSUM);
            // Slide: drop the header and replay the ten bytes after it, so the next 0x55 among them can
            // start a frame. Ten bytes cannot complete an eleven-byte frame, so the replay never recurses.
            // The replayed bytes get the current stamp: an upper bound of their arrival.
            skippedBytes++;
            System.arraycopy(frame, 1, replay, 0, FRAME_BYTES - 1);
            len = 0;
            for (int i = 0; i < FRAME_BYTES - 1; i++) {
                push(replay[i], stampNanos);
            }
            return REJECTED;
        }
        len = 0;
        frameStamp = this.stampNanos;
        return decode();
    }

    private static final int FULL = -1;

    /** Appends a byte to the frame being assembled; NONE, REJECTED (false header) or FULL. */
    private int push(byte b, long stamp) {
        if (len == 0) {
            if ((b & 0xff) != HEADER) {
                skippedBytes++;
                return NONE;
            }
            stampNanos = stamp;
            frame[len++] = b;
            return NONE;
        }
        if (len == 1) {
            int type = b & 0xff;
            if (type < 0x50 || type > 0x5f) {
                count(WitMotionReject.BAD_HEADER);
                skippedBytes++; // the false header
                len = 0;
                push(b, stamp); // this byte may itself be a header
                return REJECTED;
            }
        }
        frame[len++] = b;
        return len == FRAME_BYTES ? FULL : NONE;
    }

    /** Receives the frames decoded by {@link #feed}. */
    @FunctionalInterface
    public interface Listener {
        /** {@code imu} is the parser's own object, valid until the next byte is fed. */
        void onFrame(Imu imu, long frameStampNanos);
    }

    /** Feeds {@code len} bytes stamped {@code stampNanos}; returns the number of decoded frames. */
    public int feed(byte[] buf, int off, int len, long stampNanos, Listener listener) {
        int frames = 0;
        for (int i = off, end = off + len; i < end; i++) {
            if (accept(buf[i], stampNanos) == FRAME) {
                frames++;
                listener.onFrame(imu, frameStamp);
            }
        }
        return frames;
    }

    /** The sample decoded by the last {@link #FRAME} result; only the bits of its validMask are set. */
    public Imu imu() {
        return imu;
    }

    /** The type byte of the last decoded or unknown frame. */
    public int lastType() {
        return frame[1] & 0xff;
    }

    /** The stamp given with the header byte of the last complete frame. */
    public long frameStampNanos() {
        return frameStamp;
    }

    public WitMotionReject lastReject() {
        return lastReject;
    }

    /** Drops a partial frame (the transport lost bytes, e.g. on reconnect), without counting it. */
    public void resetStream() {
        len = 0;
    }

    public long rejectCount(WitMotionReject reason) {
        return rejectCounts[reason.ordinal()];
    }

    public long rejectTotal() {
        long t = 0;
        for (long c : rejectCounts) {
            t += c;
        }
        return t;
    }

    public long frameCount() {
        return frameCount;
    }

    public long unknownCount() {
        return unknownCount;
    }

    /** Bytes dropped while looking for a header (noise, and the leading bytes of corrupted frames). */
    public long skippedBytes() {
        return skippedBytes;
    }

    private void count(WitMotionReject why) {
        lastReject = why;
        rejectCounts[why.ordinal()]++;
    }

    private int decode() {
        int type = frame[1] & 0xff;
        int w0 = word(2), w1 = word(4), w2 = word(6), w3 = word(8);
        Imu m = imu;
        switch (type) {
            case TYPE_ACCEL -> {
                m.clear();
                m.accelX = w0 * ACCEL_SCALE;
                m.accelY = w1 * ACCEL_SCALE;
                m.accelZ = w2 * ACCEL_SCALE;
                m.temperatureC = w3 / 100.0;
                m.validMask = Imu.ACCEL | Imu.TEMPERATURE;
            }
            case TYPE_GYRO -> {
                m.clear();
                m.gyroX = w0 * GYRO_SCALE;
                m.gyroY = w1 * GYRO_SCALE;
                m.gyroZ = w2 * GYRO_SCALE;
                m.validMask = Imu.GYRO;
            }
            case TYPE_ANGLE -> {
                m.clear();
                m.rollRad = w0 * ANGLE_SCALE;
                m.pitchRad = w1 * ANGLE_SCALE;
                m.yawRad = w2 * ANGLE_SCALE;
                m.validMask = Imu.ANGLE;
            }
            case TYPE_MAG -> {
                m.clear();
                m.magX = w0 * magScale;
                m.magY = w1 * magScale;
                m.magZ = w2 * magScale;
                m.validMask = Imu.MAG;
            }
            default -> {
                unknownCount++;
                return UNKNOWN;
            }
        }
        frameCount++;
        return FRAME;
    }

    private int word(int i) {
        return (short) ((frame[i] & 0xff) | (frame[i + 1] << 8));
    }
}
