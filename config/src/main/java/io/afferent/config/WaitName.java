package io.afferent.config;

/** Wait (idle) strategies by the names a profile uses. */
public enum WaitName {
    SPIN, YIELD, BACKOFF, SLEEP, BLOCK;

    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
