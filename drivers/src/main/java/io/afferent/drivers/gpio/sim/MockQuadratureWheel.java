package io.afferent.drivers.gpio.sim;

import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;

/**
 * Moves one encoder's mock A/B pins through the quadrature sequence, one edge per tick, as a physical
 * encoder would (forward: AB 00 → 10 → 11 → 01; a reversed encoder runs it backwards). Position 0 is
 * both pins low. Single thread: the simulator's pin thread (or a test).
 */
public final class MockQuadratureWheel {
    /** {@code A<<1|B} for position mod 4, forward order. */
    private static final int[] PHASE = {0b00, 0b10, 0b11, 0b01};

    private final MockDigitalInput a;
    private final MockDigitalInput b;
    private final boolean reversed;
    private long position;
    private long edges;

    public MockQuadratureWheel(MockDigitalInput a, MockDigitalInput b, boolean reversed) {
        this.a = a;
        this.b = b;
        this.reversed = reversed;
        a.mockState(DigitalState.LOW);
        b.mockState(DigitalState.LOW);
    }

    /** Steps the pins edge by edge until the wheel is at {@code ticks} (forward-counted, since origin). */
    public void moveTo(long ticks) {
        while (position != ticks) {
            long next = position + (ticks > position ? 1 : -1);
            int from = phase(position);
            int to = phase(next);
            int changed = from ^ to;
            if ((changed & 0b10) != 0) {
                a.mockState((to & 0b10) != 0 ? DigitalState.HIGH : DigitalState.LOW);
            } else {
                b.mockState((to & 0b01) != 0 ? DigitalState.HIGH : DigitalState.LOW);
            }
            position = next;
            edges++;
        }
    }

    private int phase(long p) {
        return PHASE[(int) Math.floorMod(reversed ? -p : p, 4L)];
    }

    public long position() {
        return position;
    }

    /** Edges emitted so far. */
    public long edges() {
        return edges;
    }
}
