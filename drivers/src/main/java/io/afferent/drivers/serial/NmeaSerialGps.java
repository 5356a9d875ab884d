package io.afferent.drivers.serial;

import io.afferent.api.Clock;
import io.afferent.api.msg.GpsFix;
import io.afferent.drivers.nmea.NmeaParser;
import io.afferent.drivers.nmea.NmeaReject;

/**
 * A GPS receiver speaking NMEA 0183 on a serial port: {@link NmeaParser} over a {@link ReconnectingSerialPort}.
 * Publishes one {@link GpsFix} per GGA and RMC sentence, stamped with the clock reading taken when the read that
 * delivered the sentence's {@code $} returned. Reject counters: one per {@link NmeaReject#reason}, plus
 * {@code unknown_sentence} for valid sentences of types not decoded (skipped, not errors).
 *
 * <p>Single thread: the reader thread.
 */
public final class NmeaSerialGps extends SerialFrameSource<GpsFix> {
    public static final String UNKNOWN_SENTENCE = "unknown_sentence";
    private static final NmeaReject[] REASONS = NmeaReject.values();

    private final NmeaParser parser = new NmeaParser();

    public NmeaSerialGps(SerialSettings settings, Clock clock) {
        super(settings, clock, reasonNames(REASONS, r -> r.reason, UNKNOWN_SENTENCE));
    }

    @Override
    protected boolean accept(byte b, long stampNanos) {
        return parser.accept(b, stampNanos) == NmeaParser.FIX;
    }

    @Override
    protected long frameStampNanos() {
        return parser.sentenceStampNanos();
    }

    @Override
    protected void fill(GpsFix out) {
        out.copyFrom(parser.fix());
    }

    @Override
    protected void resetStream() {
        parser.resetStream();
    }

    @Override
    protected long rejectCount(int i) {
        return i < REASONS.length ? parser.rejectCount(REASONS[i]) : parser.unknownCount();
    }

    /** The parser, for its counts (same thread, or after the reader stopped). */
    public NmeaParser parser() {
        return parser;
    }
}
