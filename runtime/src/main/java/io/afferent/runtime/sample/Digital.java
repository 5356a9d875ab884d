package io.afferent.runtime.sample;

/** Digital input payload (bumper, limit switch, emergency stop), after debounce. */
public final class Digital {
    public boolean high;
    /** Cumulative number of debounced changes of state. */
    public long changes;
    /** This input is an emergency stop: {@link #high} means "stop requested"; stages react at once. */
    public boolean emergencyStop;

    public void clear() {
        high = false;
        changes = 0;
        emergencyStop = false;
    }

    public void copyFrom(Digital o) {
        high = o.high;
        changes = o.changes;
        emergencyStop = o.emergencyStop;
    }
}
