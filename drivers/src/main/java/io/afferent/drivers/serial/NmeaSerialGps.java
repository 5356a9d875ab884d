package io.afferent.drivers.serial;

import io.afferent.drivers.nmea.NmeaParser;
import io.afferent.drivers.nmea.NmeaReject;
import io.afferent.runtime.clock.NanoClock;
import io.afferent.runtime.sample.Sample;
import io.afferent.runtime.sample.SampleKind;
import io.afferent.runtime.source.SampleSink;
import io.afferent.runtime.source.SourceContext;
import io.afferent.runtime.source.StreamSource;
import io.afferent.runtime.timing.Counter;

/**
 * A GPS receiver speaking NMEA 0183 on a serial port: {@link NmeaParser} over a {@link ReconnectingSerialPort}.
 * Publishes one GPS sample per GGA and RMC sentence, stamped with the clock reading taken when the read that
 * delivered the sentence's {@code $} returned. Reject counters: one per {@link NmeaReject#reason}, plus
 * {@code unknown_sentence} for valid sentences of types not decoded (skipped, not errors).
 *
 * <p>Single thread: the reader thread (all {@link StreamSource} methods).
 */
public final class NmeaSerialGps implements StreamSource {
    public static final String UNKNOWN_SENTENCE = "unknown_sentence";
    private static final NmeaReject[] REASONS = NmeaReject.values();

    private final ReconnectingSerialPort port;
    private final NmeaParser parser = new NmeaParser();
    private final byte[] buf = new byte[4096];
    private CounterMirror counters;
    private int generation;

    public NmeaSerialGps(SerialSettings settings, NanoClock clock) {
        this.port = new ReconnectingSerialPort(settings, clock);
    }

    @Override
    public SampleKind kind() {
        return SampleKind.GPS;
    }

    @Override
    public void open(SourceContext context) throws SerialDeviceException {
        Counter[] c = new Counter[REASONS.length + 1];
        for (NmeaReject r : REASONS) {
            c[r.ordinal()] = context.rejectCounter(r.reason);
        }
        c[REASONS.length] = context.rejectCounter(UNKNOWN_SENTENCE);
        counters = new CounterMirror(c);
        port.open(context);
        generation = port.generation();
    }

    @Override
    public int poll(SampleSink sink) {
        int n = port.read(buf);
        if (port.generation() != generation) {
            generation = port.generation();
            parser.resetStream(); // a sentence cut by the disconnect must not be glued to new data
        }
        int published = 0;
        if (n > 0) {
            long stamp = port.lastReadNanos();
            for (int i = 0; i < n; i++) {
                if (parser.accept(buf[i], stamp) == NmeaParser.FIX) {
                    Sample s = sink.claim();
                    s.acquiredNanos = parser.sentenceStampNanos();
                    s.gps.copyFrom(parser.fix());
                    sink.publish();
                    published++;
                }
            }
        }
        for (NmeaReject r : REASONS) {
            counters.update(r.ordinal(), parser.rejectCount(r));
        }
        counters.update(REASONS.length, parser.unknownCount());
        return published;
    }

    @Override
    public void close() {
        port.close();
    }

    /** The parser, for its counts (same thread, or after the reader stopped). */
    public NmeaParser parser() {
        return parser;
    }

    public ReconnectingSerialPort port() {
        return port;
    }
}
