package io.afferent.drivers.serial;

import io.afferent.api.Clock;
import io.afferent.api.msg.Imu;
import io.afferent.drivers.witmotion.WitMotionParser;
import io.afferent.drivers.witmotion.WitMotionReject;

/**
 * A WitMotion IMU (WT901 and kin, standard protocol) on a serial port: {@link WitMotionParser} over a
 * {@link ReconnectingSerialPort}. Publishes one {@link Imu} per decoded frame (0x51 accel + temperature, 0x52
 * rate, 0x53 angles, 0x54 magnetometer; the message's validMask says which), stamped with the clock reading
 * taken when the read that delivered the frame's 0x55 header returned. Reject counters: one per
 * {@link WitMotionReject#reason}, plus {@code unknown_type} for valid frames of types not decoded.
 *
 * <p>Single thread: the reader thread.
 */
public final class WitMotionSerialImu extends SerialFrameSource<Imu> {
    public static final String UNKNOWN_TYPE = "unknown_type";
    private static final WitMotionReject[] REASONS = WitMotionReject.values();

    private final WitMotionParser parser;

    /** Magnetometer as raw counts (see {@link WitMotionParser}). */
    public WitMotionSerialImu(SerialSettings settings, Clock clock) {
        this(settings, clock, 1.0);
    }

    public WitMotionSerialImu(SerialSettings settings, Clock clock, double magMicroteslaPerCount) {
        super(settings, clock, reasonNames(REASONS, r -> r.reason, UNKNOWN_TYPE));
        this.parser = new WitMotionParser(magMicroteslaPerCount);
    }

    @Override
    protected boolean accept(byte b, long stampNanos) {
        return parser.accept(b, stampNanos) == WitMotionParser.FRAME;
    }

    @Override
    protected long frameStampNanos() {
        return parser.frameStampNanos();
    }

    @Override
    protected void fill(Imu out) {
        out.copyFrom(parser.imu());
    }

    @Override
    protected void resetStream() {
        parser.resetStream();
    }

    @Override
    protected long rejectCount(int i) {
        return i < REASONS.length ? parser.rejectCount(REASONS[i]) : parser.unknownCount();
    }

    public WitMotionParser parser() {
        return parser;
    }
}
