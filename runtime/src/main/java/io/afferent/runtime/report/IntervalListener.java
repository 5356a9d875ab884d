package io.afferent.runtime.report;

/**
 * Told of every report interval, on the reporter thread, after the reporter took the interval's histograms:
 * live telemetry feeds on it. It may allocate modestly (it runs once an interval, off the hot path) but must not
 * block: a slow listener delays the next report interval. An exception is counted by the reporter's error path.
 */
@FunctionalInterface
public interface IntervalListener {
    /** @param view valid only during this call (its arrays are reused for the next interval) */
    void interval(IntervalView view) throws Exception;
}
