package io.afferent.runtime.clock;

/**
 * A monotonic nanosecond clock. Production uses {@link #SYSTEM} ({@code System.nanoTime()}, which is
 * {@code CLOCK_MONOTONIC} on Linux); tests inject a {@link ManualClock}. Thread-safe.
 */
@FunctionalInterface
public interface NanoClock {
    NanoClock SYSTEM = System::nanoTime;

    long nanoTime();
}
