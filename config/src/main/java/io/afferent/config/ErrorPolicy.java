package io.afferent.config;

/** What happens when a reader or stage throws. */
public enum ErrorPolicy {
    /** Count, report, close and reopen the source after a growing backoff. */
    RESTART,
    /** Count, report and stop the whole run with exit code 1. */
    STOP;

    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
