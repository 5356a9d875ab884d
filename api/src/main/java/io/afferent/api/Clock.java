package io.afferent.api;

/**
 * The run's clock: {@code System.nanoTime()} in a live run, a virtual clock in a simulated or replayed one.
 * Sources and stages take every time from here, never from the wall clock, so that a replay reproduces them.
 * Any thread.
 */
@FunctionalInterface
public interface Clock {
    long nanoTime();
}
