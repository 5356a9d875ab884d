package io.afferent.api;

/**
 * An extension's part of the run's report: an entry of {@code summary.json} and lines of the console report.
 * Called on the run's main thread after every thread stopped.
 */
public interface ReportSection {
    /** The key in {@code summary.json}. */
    String name();

    /** JSON-able value: Map, List, String, Number, Boolean or null. */
    Object summary();

    /** Appends lines to the end-of-run console report (may append nothing). */
    default void appendText(StringBuilder sb) {
    }
}
