package io.afferent.runtime.thread;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The run's state shared by every thread: when its timeline starts, whether it should go on, why it
 * stopped and with what exit code. Thread-safe; the first reason to stop wins.
 *
 * <p>The timeline's start (the common origin of every periodic timeline) is set once, by the pipeline,
 * when every reader has opened its source and is ready: threads that need it wait for it with
 * {@link #awaitTimeline()}.
 */
public final class RunControl {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;

    private final CountDownLatch timelineSet = new CountDownLatch(1);
    private volatile long startNanos;
    private volatile boolean started;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile String stopReason;
    private volatile int exitCode = EXIT_OK;

    /** A run whose timeline starts when {@link #startTimeline} is called. */
    public RunControl() {
    }

    /** A run whose timeline has already started at {@code startNanos} (tools and tests). */
    public RunControl(long startNanos) {
        startTimeline(startNanos);
    }

    /** Sets the start of the timeline and releases the threads waiting for it. Once. */
    public void startTimeline(long startNanos) {
        synchronized (this) {
            if (started) {
                throw new IllegalStateException("the timeline has already started");
            }
            this.startNanos = startNanos;
            started = true;
        }
        timelineSet.countDown();
    }

    public boolean timelineStarted() {
        return started;
    }

    /**
     * Waits until the timeline has a start, or the run stops first.
     *
     * @return true when the timeline has started; false when the run stopped before it did
     */
    public boolean awaitTimeline() throws InterruptedException {
        timelineSet.await();
        return started;
    }

    /** The common origin of every periodic timeline of the run (clock nanos); only once it has started. */
    public long startNanos() {
        if (!started) {
            throw new IllegalStateException("the timeline has not started yet");
        }
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
            timelineSet.countDown();
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
