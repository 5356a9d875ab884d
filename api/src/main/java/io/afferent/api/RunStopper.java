package io.afferent.api;

/**
 * Ends the run in order, for a part that cannot go on and whose policy says the run must not either (a recorder
 * with {@code on_error: stop} that can no longer write, a sink whose device is gone): the readers stop, the rings
 * drain, the stages finish, the sinks flush, the report is written with {@code reason} as the run's stop reason
 * (console and {@code summary.json}'s {@code stop_reason}), and the process exits with code 1. Got at set-up from
 * {@link Setup#runStopper()}. Any thread; never blocks; the first reason to stop a run wins.
 */
@FunctionalInterface
public interface RunStopper {
    void stopRun(String reason);
}
