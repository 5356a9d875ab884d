package io.afferent.runtime.rt;

import java.util.List;

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
     * <p>Linux: {@code clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME)}, looping on EINTR, allocation-free after the
     * thread's first call; it wakes about one timer slack late (50 us by default, about 3 us with slack 1 ns or a
     * real-time policy). An interrupt is seen within 100 ms. Use platform threads: a virtual thread would pin its
     * carrier while it sleeps.
     */
    void sleepUntil(long deadlineNanos);

    /**
     * Applies {@code request} to the calling thread: policy and priority ({@code sched_setscheduler}), nice
     * ({@code setpriority}), CPU affinity ({@code sched_setaffinity}) and timer slack ({@code PR_SET_TIMERSLACK}).
     * A control that is not permitted is skipped (the thread keeps running as it was) and reported as a warning
     * naming what is missing and how to grant it. The state in force is read back afterwards.
     */
    default RtOutcome configureCurrentThread(ThreadRtRequest request) {
        return new RtOutcome(currentThread(), request.equals(ThreadRtRequest.unchanged()) ? List.of()
                : List.of("real-time controls not available (" + implementation() + "): " + request.describe()
                + " not applied"));
    }

    /**
     * Locks the process's memory ({@code mlockall(MCL_CURRENT|MCL_FUTURE)}) so that no page fault or swap-in stalls a
     * reader. Call it once, early, in a JVM started with {@code -XX:+AlwaysPreTouch} (which the launcher passes) so
     * that the whole heap is touched, hence resident and locked, before the run; without it a warning says so.
     */
    default ProcessRtOutcome lockMemory() {
        return new ProcessRtOutcome(false, List.of("memory locking not available (" + implementation() + ")"));
    }

    /**
     * Moves every thread the process has now (the JVM's compiler, GC and service threads included) to
     * {@code cpus}. Threads created afterwards inherit the affinity of the thread that creates them, so a
     * run's threads then take their own CPUs: this keeps the CPUs of real-time readers free of the rest
     * of the process, what {@code isolcpus} does for the rest of the machine.
     */
    default AffinityOutcome moveProcessThreads(List<Integer> cpus) {
        return new AffinityOutcome(0, 0, List.of("moving the process's threads to CPUs " + CpuList.format(cpus)
                + " is not available (" + implementation() + "); they stay where the scheduler puts them"));
    }

    /** A resource limit of this process ({@code getrlimit}); {@link ResourceLimit#unknown()} where not available. */
    default ResourceLimit resourceLimit(ResourceLimit.Kind kind) {
        return ResourceLimit.unknown();
    }

    /**
     * The Linux implementation when this is 64-bit Linux and FFM works (the JVM needs
     * {@code --enable-native-access=ALL-UNNAMED}, or the runtime's module named there), else the portable one.
     * The result is the same for the life of the JVM.
     */
    static RealtimePlatform detect() {
        return Detected.PLATFORM;
    }

    /** The portable implementation, whatever the OS (for tests and for users who want no native calls). */
    static RealtimePlatform portable() {
        return PortablePlatform.INSTANCE;
    }
}
