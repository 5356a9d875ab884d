package io.afferent.sim.fault;

/** A kind of injected fault and where it acts. */
public enum FaultType {
    /** Samples carry nothing valid (IMU/GPS validMask 0, wheels ticksPerRevolution 0, range noEcho). */
    DROPOUT("dropout", false),
    /** The output freezes at the value of the window's first sample. */
    STUCK("stuck", false),
    /** Samples carry data {@code delay} old (a served serial stream also stalls for {@code delay}). */
    LATENCY("latency", false),
    /** Bytes of a served serial stream are replaced by random bytes with probability {@code rate}. */
    CORRUPT("corrupt", true),
    /** A served serial device disappears (pty closed, link removed) and comes back at the same link. */
    DISCONNECT("disconnect", true);

    private final String word;
    private final boolean serialOnly;

    FaultType(String word, boolean serialOnly) {
        this.word = word;
        this.serialOnly = serialOnly;
    }

    public String word() {
        return word;
    }

    /** True for faults that only exist on a served serial stream ({@code sim serve}). */
    public boolean serialOnly() {
        return serialOnly;
    }
}
