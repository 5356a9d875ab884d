package io.afferent.runtime.thread;

import io.afferent.config.ThreadSettings;
import io.afferent.runtime.rt.ThreadState;

import java.lang.management.ManagementFactory;
import java.util.function.LongSupplier;

/**
 * A runtime thread (reader, stage, reporter) with one error path: real-time settings are applied as it
 * starts, anything its body throws is caught, counted, reported with the thread's name and stops the
 * run with exit code 1, and its CPU time and allocated bytes are captured as it ends. Created and
 * joined by the pipeline's thread; its counters are written by the thread itself and read by others.
 */
public final class ManagedThread {
    /** The body of the thread; returns when the run stops. */
    @FunctionalInterface
    public interface Body {
        void run() throws Exception;
    }

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final String name;
    private final String role;
    private final ThreadSettings settings;
    private final Thread thread;
    private volatile ThreadState state = ThreadState.unknown();
    private volatile long finalCpuNanos = -1;
    private volatile long finalAllocatedBytes = -1;
    private volatile long warmupAllocatedBytes = -1;

    public ManagedThread(String name, String role, ThreadSettings settings, ThreadRtApplier applier,
                         RunControl control, ErrorLog errors, Body body) {
        this.name = name;
        this.role = role;
        this.settings = settings;
        this.thread = new Thread(() -> {
            try {
                state = applier.apply(name, settings);
                body.run();
            } catch (Throwable t) {
                errors.report(role, t);
                control.fail("thread " + name + " failed: " + ErrorLog.describe(t));
            } finally {
                finalCpuNanos = THREADS.getCurrentThreadCpuTime();
                finalAllocatedBytes = THREADS.getCurrentThreadAllocatedBytes();
            }
        }, name);
        thread.setDaemon(true);
    }

    public String name() {
        return name;
    }

    /** What the thread serves, e.g. {@code source imu} or {@code stage fusion}. */
    public String role() {
        return role;
    }

    public ThreadSettings requested() {
        return settings;
    }

    public void start() {
        thread.start();
    }

    /** Joins for at most {@code millis}; returns whether the thread ended. */
    public boolean join(long millis) throws InterruptedException {
        thread.join(millis);
        return !thread.isAlive();
    }

    /**
     * Joins for as long as the thread makes progress: waits up to {@code quietMillis} at a time and goes on
     * while {@code progress} changed during the last wait, but never past {@code deadlineNanos}
     * ({@link System#nanoTime()}). A thread still draining on a slow CPU is waited for; one with no
     * progress for {@code quietMillis}, or still busy at the deadline, is not. Returns whether it ended.
     */
    public boolean joinWhileProgressing(long quietMillis, long deadlineNanos, LongSupplier progress)
            throws InterruptedException {
        long last = progress.getAsLong();
        while (true) {
            long leftMillis = (deadlineNanos - System.nanoTime()) / 1_000_000;
            if (leftMillis <= 0) {
                return !thread.isAlive();
            }
            thread.join(Math.min(quietMillis, leftMillis));
            if (!thread.isAlive()) {
                return true;
            }
            long now = progress.getAsLong();
            if (now == last) {
                return false;
            }
            last = now;
        }
    }

    public boolean alive() {
        return thread.isAlive();
    }

    /** Scheduling read back by the thread itself after its settings were applied. */
    public ThreadState state() {
        return state;
    }

    public long cpuNanos() {
        long live = THREADS.getThreadCpuTime(thread.threadId());
        return live >= 0 ? live : Math.max(finalCpuNanos, 0);
    }

    public long allocatedBytes() {
        long live = thread.isAlive() ? THREADS.getThreadAllocatedBytes(thread.threadId()) : -1;
        return live >= 0 ? live : Math.max(finalAllocatedBytes, 0);
    }

    /** Marks the end of warm-up: allocation after this point is reported separately. Any thread. */
    public void markWarmedUp() {
        if (warmupAllocatedBytes < 0) {
            warmupAllocatedBytes = allocatedBytes();
        }
    }

    /** Bytes allocated since {@link #markWarmedUp()}, or -1 when warm-up was not reached. */
    public long allocatedAfterWarmupBytes() {
        long w = warmupAllocatedBytes;
        return w < 0 ? -1 : allocatedBytes() - w;
    }
}
