package io.afferent.runtime.rt;

import java.util.List;

/**
 * The scheduling of one thread as the operating system reports it (read back, not what was asked for).
 *
 * @param policy   {@code SCHED_OTHER}, {@code SCHED_FIFO}, {@code SCHED_RR}, ... or {@code unknown}
 * @param priority real-time priority (0 for SCHED_OTHER)
 * @param nice     nice value (SCHED_OTHER), 0 when not known
 * @param affinity CPUs the thread may run on; empty when not known
 * @param tid      kernel thread id, or -1 when not known
 */
public record ThreadState(String policy, int priority, int nice, List<Integer> affinity, long tid) {
    public static ThreadState unknown() {
        return new ThreadState("unknown", 0, 0, List.of(), -1);
    }
}
