package io.afferent.drivers.gpio;

import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalStateChangeEvent;
import com.pi4j.io.gpio.digital.DigitalStateChangeListener;
import io.afferent.api.Clock;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Edge capture of one encoder: a Pi4J listener per channel stamps each edge with the run's clock
 * and a per-encoder sequence number and queues it on that channel's {@link EdgeRing}; the reader merges
 * the two queues back into one ordered stream by sequence number and feeds the decoder.
 *
 * <p>Why a sequence number: Pi4J (gpiod) delivers each line's events on its own thread, so an A edge can
 * be queued after a later B edge was; decoding A and B out of order would count backwards. The sequence
 * (one {@link AtomicLong#getAndIncrement()}, lock-free, no allocation) orders the edges as the
 * listeners ran; a gap (a number taken but not yet queued) makes the reader wait up to the reorder
 * window, then count the edge lost. Listener order is the true edge order when one thread delivers both
 * channels (the mock provider); with gpiod it is the order the monitor threads woke, see the docs.
 *
 * <p>Threads: {@link #onEdge} from Pi4J's listener threads (one producer per channel); everything else
 * from the reader thread.
 */
final class EdgeCapture {
    private final Clock clock;
    private final EdgeRing[] rings = new EdgeRing[2];
    private final Channel[] channels = new Channel[2];
    private final AtomicLong sequence = new AtomicLong();
    /** Written by each channel's single producer, read by the reader. */
    private final AtomicLong[] overflows = {new AtomicLong(), new AtomicLong()};
    private long nextSequence;
    private long lostEdges;
    private long overflowSeen;
    private DigitalInput a;
    private DigitalInput b;

    EdgeCapture(Clock clock, int queueCapacity) {
        this.clock = clock;
        for (int i = 0; i < 2; i++) {
            rings[i] = new EdgeRing(queueCapacity);
            channels[i] = new Channel(i);
        }
    }

    /** One listener per channel, made once so that adding and removing it never allocates per edge. */
    private final class Channel implements DigitalStateChangeListener {
        private final int pin;

        Channel(int pin) {
            this.pin = pin;
        }

        @Override
        @SuppressWarnings("rawtypes")
        public void onDigitalStateChange(DigitalStateChangeEvent event) {
            onEdge(pin, event.state().isHigh());
        }
    }

    /** Listener thread: stamps and queues one edge. Never blocks, never allocates. */
    void onEdge(int pin, boolean level) {
        long seq = sequence.getAndIncrement();
        long nanos = clock.nanoTime();
        if (!rings[pin].offer(seq, level, nanos)) {
            AtomicLong o = overflows[pin];
            o.setRelease(o.getPlain() + 1);
        }
    }

    /** Reader: listens to both channels, then sets the decoder to their current levels. */
    void attach(DigitalInput pinA, DigitalInput pinB, QuadratureDecoder decoder) {
        a = pinA;
        b = pinB;
        a.addListener(channels[0]);
        b.addListener(channels[1]);
        drainAll();
        decoder.levels(a.state().isHigh(), b.state().isHigh());
    }

    /** Reader: stops listening (the pins stay with the session). Never throws. */
    void detach() {
        try {
            if (a != null) {
                a.removeListener(channels[0]);
            }
            if (b != null) {
                b.removeListener(channels[1]);
            }
        } catch (RuntimeException e) {
            // the context may already be shut down
        }
        a = b = null;
    }

    private void drainAll() {
        for (EdgeRing r : rings) {
            while (!r.isEmpty()) {
                r.remove();
            }
        }
        nextSequence = sequence.get();
    }

    /**
     * Reader: decodes queued edges in sequence order, up to a gap younger than {@code gapDeadlineNanos}
     * (an edge that is still being queued).
     *
     * @return how many edges were decoded
     */
    int drain(QuadratureDecoder decoder, long gapDeadlineNanos) {
        int n = 0;
        EdgeRing ra = rings[0];
        EdgeRing rb = rings[1];
        while (true) {
            boolean ea = ra.isEmpty();
            boolean eb = rb.isEmpty();
            if (ea && eb) {
                break;
            }
            int pin = ea ? 1 : eb ? 0 : ra.peekSequence() < rb.peekSequence() ? 0 : 1;
            EdgeRing r = rings[pin];
            long seq = r.peekSequence();
            if (seq < nextSequence) {
                r.remove(); // queued while attach() read the levels, which already include it
                continue;
            }
            if (seq != nextSequence) {
                if (r.peekNanos() - gapDeadlineNanos > 0) {
                    break;
                }
                lostEdges += seq - nextSequence;
            }
            decoder.edge(pin, r.peekLevel(), r.peekNanos());
            r.remove();
            nextSequence = seq + 1;
            n++;
        }
        return n;
    }

    /** Edges given up on: queue overflows and edges missing past the reorder window (reader). */
    long lostEdges() {
        return lostEdges;
    }

    /** Edges rejected by a full queue since the last call (reader). */
    long takeOverflows() {
        long total = overflows[0].getAcquire() + overflows[1].getAcquire();
        long d = total - overflowSeen;
        overflowSeen = total;
        return d;
    }
}
