package io.afferent.api;

/** What the runtime does when a source or stage throws: set per source/stage in the profile ({@code on_error}). */
public enum ErrorPolicy {
    /** Close, wait with backoff, reopen (sources) or reset (stages), go on. */
    RESTART,
    /** Count, report and stop the whole run with exit code 1. */
    STOP
}
