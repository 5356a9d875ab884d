package io.afferent.drivers.gpio;

/**
 * Time-based debounce of one input: a new level is accepted once it has been read unchanged for
 * {@code debounceNanos}. With {@code assertImmediately} (an emergency stop) the active level is accepted
 * at the first read and only the release is debounced: stopping is never delayed, resuming is.
 *
 * <p>Single thread: the source's reader thread.
 */
public final class Debouncer {
    private final long debounceNanos;
    private final boolean assertImmediately;
    private boolean stable;
    private boolean candidate;
    private long candidateSinceNanos;
    private long changes;

    public Debouncer(long debounceNanos, boolean assertImmediately) {
        this.debounceNanos = debounceNanos;
        this.assertImmediately = assertImmediately;
    }

    /** Starts from {@code level} as the stable state (at open). */
    public void reset(boolean level) {
        stable = candidate = level;
    }

    /**
     * One read of the (polarity-corrected) level at {@code nanos}.
     *
     * @return the debounced level
     */
    public boolean update(boolean level, long nanos) {
        if (level == stable) {
            candidate = stable;
            return stable;
        }
        if (level != candidate) {
            candidate = level;
            candidateSinceNanos = nanos;
        }
        if (assertImmediately && level || nanos - candidateSinceNanos >= debounceNanos) {
            stable = level;
            changes++;
        }
        return stable;
    }

    public boolean level() {
        return stable;
    }

    /** Cumulative number of debounced changes. */
    public long changes() {
        return changes;
    }
}
