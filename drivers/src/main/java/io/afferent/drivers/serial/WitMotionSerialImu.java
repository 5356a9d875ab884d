package io.afferent.drivers.serial;

import io.afferent.drivers.witmotion.WitMotionParser;
import io.afferent.drivers.witmotion.WitMotionReject;
import io.afferent.runtime.clock.NanoClock;
import io.afferent.runtime.sample.Sample;
import io.afferent.runtime.sample.SampleKind;
import io.afferent.runtime.source.SampleSink;
import io.afferent.runtime.source.SourceContext;
import io.afferent.runtime.source.StreamSource;
import io.afferent.runtime.timing.Counter;

/**
 * A WitMotion IMU (WT901 and kin, standard protocol) on a serial port: {@link WitMotionParser} over a
 * {@link ReconnectingSerialPort}. Publishes one IMU sample per decoded frame (0x51 accel + temperature, 0x52
 * rate, 0x53 angles, 0x54 magnetometer; the sample's validMask says which), stamped with the clock reading
 * taken when the read that delivered the frame's 0x55 header returned. Reject counters: one per
 * {@link WitMotionReject#reason}, plus {@code unknown_type} for valid frames of types not decoded.
 *
 * <p>Single thread: the reader thread.
 */
public final class WitMotionSerialImu implements StreamSource {
    public static final String UNKNOWN_TYPE = "unknown_type";
    private static final WitMotionReject[] REASONS = WitMotionReject.values();

    private final ReconnectingSerialPort port;
    private final WitMotionParser parser;
    private final byte[] buf = new byte[4096];
    private CounterMirror counters;
    private int generation;

    /** Magnetometer as raw counts (see {@link WitMotionParser}). */
    public WitMotionSerialImu(SerialSettings settings, NanoClock clock) {
        this(settings, clock, 1.0);
    }

    public WitMotionSerialImu(SerialSettings settings, NanoClock clock, double magMicroteslaPerCount) {
        this.port = new ReconnectingSerialPort(settings, clock);
        this.parser = new WitMotionParser(magMicroteslaPerCount);
    }

    @Override
    public SampleKind kind() {
        return SampleKind.IMU;
    }

    @Override
    public void open(SourceContext context) throws SerialDeviceException {
        Counter[] c = new Counter[REASONS.length + 1];
        for (WitMotionReject r : REASONS) {
            c[r.ordinal()] = context.rejectCounter(r.reason);
        }
        c[REASONS.length] = context.rejectCounter(UNKNOWN_TYPE);
        counters = new CounterMirror(c);
        port.open(context);
        generation = port.generation();
    }

    @Override
    public int poll(SampleSink sink) {
        int n = port.read(buf);
        if (port.generation() != generation) {
            generation = port.generation();
            parser.resetStream();
        }
        int published = 0;
        if (n > 0) {
            long stamp = port.lastReadNanos();
            for (int i = 0; i < n; i++) {
                if (parser.accept(buf[i], stamp) == WitMotionParser.FRAME) {
                    Sample s = sink.claim();
                    s.acquiredNanos = parser.frameStampNanos();
                    s.imu.copyFrom(parser.imu());
                    sink.publish();
                    published++;
                }
            }
        }
        for (WitMotionReject r : REASONS) {
            counters.update(r.ordinal(), parser.rejectCount(r));
        }
        counters.update(REASONS.length, parser.unknownCount());
        return published;
    }

    @Override
    public void close() {
        port.close();
    }

    public WitMotionParser parser() {
        return parser;
    }

    public ReconnectingSerialPort port() {
        return port;
    }
}
