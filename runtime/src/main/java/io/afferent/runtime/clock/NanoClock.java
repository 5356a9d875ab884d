package io.afferent.runtime.clock;

/**
 * A monotonic nanosecond clock. Production uses {@link #SYSTEM} ({@code System.nanoTime()}, which is
 * {@code CLOCK_MONOTONIC} on Linux); tests inject a {@link ManualClock}. Thread-safe.
 */
@FunctionalInterface
public interface NanoClock extends io.afferent.api.Clock {
    NanoClock SYSTEM = System::nanoTime;

    @Override
    long nanoTime();
}
