package io.afferent.runtime.run;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The run's state shared by every thread: whether it should go on, why it stopped and with what exit
 * code. Thread-safe; the first reason to stop wins.
 */
public final class RunControl {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;

    private final long startNanos;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile String stopReason;
    private volatile int exitCode = EXIT_OK;

    public RunControl(long startNanos) {
        this.startNanos = startNanos;
    }

    /** The common origin of every periodic timeline of the run (clock nanos). */
    public long startNanos() {
        return startNanos;
    }

    public boolean running() {
        return running;
    }

    /** Stops the run normally (duration reached, Ctrl-C): exit code 0 unless a failure came first. */
    public void requestStop(String reason) {
        stop(reason, EXIT_OK);
    }

    /** Stops the run because something failed under a stop policy: exit code 1. */
    public void fail(String reason) {
        stop(reason, EXIT_FAILURE);
    }

    private synchronized void stop(String reason, int code) {
        if (stopReason == null) {
            stopReason = reason;
            exitCode = code;
            running = false;
            stopRequested.countDown();
        }
    }

    public boolean awaitStop(long timeout, TimeUnit unit) throws InterruptedException {
        return stopRequested.await(timeout, unit);
    }

    public String stopReason() {
        return stopReason;
    }

    public int exitCode() {
        return exitCode;
    }
}
