package io.afferent.api;

/** {@link Setup} of a source. */
public interface SourceSetup extends Setup {
    /** The profile's {@code rate_hz} of a periodic source; 0 for a stream source. */
    double rateHz();

    /** 1e9 / rate, rounded; 0 for a stream source. */
    long periodNanos();
}
