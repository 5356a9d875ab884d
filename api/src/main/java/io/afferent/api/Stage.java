package io.afferent.api;

/**
 * A processing stage: subscribes topics, publishes topics ({@link StageSetup}), runs on its own thread
 * ({@code stage-NAME}) under a deadline budget per message. Every method is called on the stage's thread.
 */
public interface Stage {
    /**
     * Once, before the run's timeline starts. Exercise your own code on a detached copy (never the state, outputs
     * or counters the run uses), so that class loading and compilation happen now rather than as deadline misses.
     */
    default void warmUp() throws Exception {
    }

    /**
     * When a poll of the inputs found nothing waiting, after the stage's idle wait: every 0.1 ms with
     * {@code wait: sleep}, at most 1 ms with {@code backoff}, at once with {@code spin}/{@code yield}, at most
     * 50 ms with {@code block}. For time-based work without an input, such as a command watchdog. Must not
     * allocate; an exception is handled as one of a handler (counted, then the stage's {@code on_error}).
     */
    default void idle(long nowNanos) throws Exception {
    }

    /** Drops internal state after an error under the {@code restart} policy. */
    default void reset() {
    }

    /** After the inputs were drained at shutdown: publish anything held back. */
    default void flush() throws Exception {
    }

    /** Last call, after {@link #flush()}. */
    default void close() {
    }

    /**
     * Reporter thread, after an interval with deadline misses: where the time went inside the stage, or null.
     * May race with the stage thread; rate-limited by the caller.
     */
    default String overrunDetail(long nowNanos) {
        return null;
    }

    /** Reporter thread: appends a short live status (may race; should not allocate). */
    default void appendStatus(StringBuilder sb) {
    }
}
