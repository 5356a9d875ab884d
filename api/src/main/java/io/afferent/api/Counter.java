package io.afferent.api;

/**
 * A count kept by one thread (the one that increments it) and read by the reporter. Created at set-up, incremented
 * on the hot path without allocation; listed in the report by its name.
 */
public interface Counter {
    void increment();

    void add(long n);

    /** The current value; any thread (may lag the writer by a moment). */
    long get();
}
