package io.afferent.drivers.serial;

import io.afferent.api.Clock;
import io.afferent.api.Counter;
import io.afferent.api.SourceContext;
import io.afferent.api.StreamOutput;
import io.afferent.api.StreamSource;

/**
 * A protocol parser over a {@link ReconnectingSerialPort}, as a stream source: each poll does one bounded
 * read, feeds every byte to the parser with the read's timestamp, and publishes one message per completed
 * frame, stamped with the arrival of the frame's first byte. A reconnect resets the parser, so that a
 * frame cut by the disconnect is never glued to new data. The parser's reject counts are mirrored into
 * the run's counters once per poll. Subclasses adapt one protocol's parser.
 *
 * <p>Single thread: the reader thread (all {@link StreamSource} methods).
 *
 * @param <M> the message type published
 */
public abstract class SerialFrameSource<M> implements StreamSource<M> {
    private final ReconnectingSerialPort port;
    private final byte[] buf = new byte[4096];
    private final String[] reasons;
    private CounterMirror counters;
    private int generation;

    protected SerialFrameSource(SerialSettings settings, Clock clock, String[] rejectReasons) {
        this.port = new ReconnectingSerialPort(settings, clock);
        this.reasons = rejectReasons.clone();
    }

    /**
     * The counter names of a parser's reject reasons in ordinal order, then {@code unknown}: the
     * reasons a subclass passes to the constructor and indexes in {@link #rejectCount(int)}.
     */
    protected static <E extends Enum<E>> String[] reasonNames(E[] reasons, java.util.function.Function<E, String> name,
                                                               String unknown) {
        String[] r = new String[reasons.length + 1];
        for (E reason : reasons) {
            r[reason.ordinal()] = name.apply(reason);
        }
        r[reasons.length] = unknown;
        return r;
    }

    /** Feeds one byte from a read stamped {@code stampNanos}; true when it completed a frame to publish. */
    protected abstract boolean accept(byte b, long stampNanos);

    /** The arrival time of the completed frame's first byte. */
    protected abstract long frameStampNanos();

    /** Copies the completed frame into {@code out} (a cleared message). */
    protected abstract void fill(M out);

    /** Forgets a partial frame (after a reconnect). */
    protected abstract void resetStream();

    /** How many inputs the parser rejected for reason {@code i} (the order of the constructor's reasons). */
    protected abstract long rejectCount(int i);

    @Override
    public final void open(SourceContext context) throws SerialDeviceException {
        Counter[] c = new Counter[reasons.length];
        for (int i = 0; i < reasons.length; i++) {
            c[i] = context.rejectCounter(reasons[i]);
        }
        counters = new CounterMirror(c);
        port.open(context);
        generation = port.generation();
    }

    @Override
    public final int poll(StreamOutput<M> out) {
        int n = port.read(buf);
        if (port.generation() != generation) {
            generation = port.generation();
            resetStream();
        }
        int published = 0;
        if (n > 0) {
            long stamp = port.lastReadNanos();
            for (int i = 0; i < n; i++) {
                if (accept(buf[i], stamp)) {
                    fill(out.claim());
                    out.publish(frameStampNanos());
                    published++;
                }
            }
        }
        for (int i = 0; i < reasons.length; i++) {
            counters.update(i, rejectCount(i));
        }
        return published;
    }

    @Override
    public final void close() {
        port.close();
    }

    public final ReconnectingSerialPort port() {
        return port;
    }
}
