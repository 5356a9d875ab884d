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
 */
public record ThreadSettings(String policy, int priority, int nice, List<Integer> cpus, long timerSlackNs, long spinNs) {
    public static final ThreadSettings DEFAULT = new ThreadSettings("SCHED_OTHER", 0, 0, List.of(), 0, 0);

    public ThreadSettings {
        cpus = List.copyOf(cpus);
    }
}
