package io.afferent.config;

import java.util.List;

/**
 * Real-time settings of one thread as a profile asks for them (what is actually in force is read back
 * and reported by the runtime).
 *
 * @param policy       {@code SCHED_OTHER}, {@code SCHED_FIFO} or {@code SCHED_RR}
 * @param priority     1..99 for FIFO/RR, 0 for OTHER
 * @param nice         -20..19, for SCHED_OTHER
 * @param cpus         CPUs to pin to; empty for no pinning
 * @param timerSlackNs Linux timer slack; 0 leaves the default (50 µs); periodic readers default to 1 ns
 * @param spinNs       periodic readers: spin this long before each deadline instead of sleeping (CPU cost)
 * @param sliceNs      SCHED_OTHER: the time slice to ask the kernel for (Linux 6.12+); 0 leaves the kernel's
 *                     default. Readers and stages default to {@link #LATENCY_SLICE_NS}
 */
public record ThreadSettings(String policy, int priority, int nice, List<Integer> cpus, long timerSlackNs, long spinNs,
                             long sliceNs) {
    public static final ThreadSettings DEFAULT = new ThreadSettings("SCHED_OTHER", 0, 0, List.of(), 0, 0, 0);
    /**
     * The slice readers and stages ask for under SCHED_OTHER: the shortest the kernel allows. With a shorter
     * slice than the thread that is running, a waking reader or stage preempts it at once instead of waiting
     * for its slice (about 3 ms by default) to end.
     */
    public static final long LATENCY_SLICE_NS = 100_000;
    public static final long MIN_SLICE_NS = 100_000;
    public static final long MAX_SLICE_NS = 100_000_000;

    public ThreadSettings {
        cpus = List.copyOf(cpus);
    }

    /** Settings with the kernel's default slice. */
    public ThreadSettings(String policy, int priority, int nice, List<Integer> cpus, long timerSlackNs, long spinNs) {
        this(policy, priority, nice, cpus, timerSlackNs, spinNs, 0);
    }

    /** These settings pinned to {@code newCpus}. */
    public ThreadSettings withCpus(List<Integer> newCpus) {
        return new ThreadSettings(policy, priority, nice, newCpus, timerSlackNs, spinNs, sliceNs);
    }
}
