package io.afferent.runtime.rt;

/**
 * The operating system's real-time controls as the runtime uses them. {@link #detect()} picks the
 * Linux implementation (through the JDK's FFM API) where it works and a portable one elsewhere.
 * Thread-safe: each call acts on the calling thread.
 */
public interface RealtimePlatform {
    /** Which implementation is in use ({@code linux-ffm} or {@code portable}), for reports. */
    String implementation();

    /** Scheduling of the calling thread as the OS reports it. */
    ThreadState currentThread();

    /**
     * Sleeps until {@code deadlineNanos} on the {@link System#nanoTime()} timeline (absolute, so that
     * periodic wake-ups never drift). Returns early only if the thread is interrupted.
     */
    void sleepUntil(long deadlineNanos);

    static RealtimePlatform detect() {
        return PortablePlatform.INSTANCE;
    }
}
