package io.afferent.drivers.gpio;

/**
 * ×4 quadrature decoding of one encoder: every edge of A or B is one tick. The phase is {@code A<<1|B};
 * forward (A leads B) runs 00 → 10 → 11 → 01 → 00. Both pins changing at once is an illegal transition
 * (an edge was missed; the direction is unknown), counted and not applied. In edge mode the same pin
 * reported twice at the same level means its opposite edge was missed: also illegal.
 *
 * <p>Single thread: the source's reader thread.
 */
public final class QuadratureDecoder {
    /** Sentinel in {@link #DELTA} for a transition where both pins changed. */
    private static final int ILLEGAL = 2;
    /** Tick change for {@code prev << 2 | next}. */
    private static final int[] DELTA = {
            0, -1, +1, ILLEGAL,
            +1, 0, ILLEGAL, -1,
            -1, ILLEGAL, 0, +1,
            ILLEGAL, +1, -1, 0};

    private final int sign;
    private int phase;
    private long ticks;
    private long illegalTransitions;
    private int direction;
    private long lastEdgeNanos;

    /** @param reversed count the other way (a wheel mounted mirrored, or A and B swapped in the wiring) */
    public QuadratureDecoder(boolean reversed) {
        this.sign = reversed ? -1 : 1;
    }

    /** Sets the current pin levels without counting (at open, before the first edge). */
    public void levels(boolean a, boolean b) {
        phase = phaseOf(a, b);
    }

    /**
     * Poll mode: both levels sampled together at {@code nanos}.
     *
     * @return the tick change (-1, 0, +1), 0 for an illegal transition
     */
    public int sample(boolean a, boolean b, long nanos) {
        return apply(phaseOf(a, b), nanos);
    }

    /**
     * Edge mode: pin {@code pin} (0 = A, 1 = B) changed to {@code level} at {@code nanos}.
     *
     * @return the tick change (-1 or +1), 0 for an illegal (repeated) level
     */
    public int edge(int pin, boolean level, long nanos) {
        int bit = pin == 0 ? 2 : 1;
        boolean current = (phase & bit) != 0;
        if (current == level) {
            illegalTransitions++;
            return 0;
        }
        return apply(phase ^ bit, nanos);
    }

    private int apply(int next, long nanos) {
        int d = DELTA[phase << 2 | next];
        phase = next;
        if (d == 0) {
            return 0;
        }
        if (d == ILLEGAL) {
            illegalTransitions++;
            return 0;
        }
        d *= sign;
        ticks += d;
        direction = d;
        lastEdgeNanos = nanos;
        return d;
    }

    private static int phaseOf(boolean a, boolean b) {
        return (a ? 2 : 0) | (b ? 1 : 0);
    }

    /** Signed cumulative tick count. */
    public long ticks() {
        return ticks;
    }

    public long illegalTransitions() {
        return illegalTransitions;
    }

    /** +1 forward, -1 backward: the direction of the last counted edge; 0 before any. */
    public int direction() {
        return direction;
    }

    /** Timestamp of the last counted edge (the run's clock); 0 before any. */
    public long lastEdgeNanos() {
        return lastEdgeNanos;
    }

    /** The quadrature phase {@code A<<1|B}, for the simulator and tests. */
    public int phase() {
        return phase;
    }
}
