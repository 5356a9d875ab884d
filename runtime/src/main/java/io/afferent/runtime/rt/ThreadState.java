package io.afferent.runtime.rt;

import java.util.List;

/**
 * The scheduling of one thread as the operating system reports it (read back, not what was asked for).
 *
 * @param policy       {@code SCHED_OTHER}, {@code SCHED_FIFO}, {@code SCHED_RR}, ... or {@code unknown}
 * @param priority     real-time priority (0 for SCHED_OTHER)
 * @param nice         nice value (SCHED_OTHER), 0 when not known
 * @param affinity     CPUs the thread may run on; empty when not known
 * @param tid          kernel thread id, or -1 when not known
 * @param timerSlackNs the thread's timer slack in nanoseconds, or -1 when not known
 * @param sliceNs      SCHED_OTHER under EEVDF (Linux 6.6+): the thread's time slice in nanoseconds; 0 when the
 *                     kernel reports none or the policy has none; -1 when not known
 */
public record ThreadState(String policy, int priority, int nice, List<Integer> affinity, long tid,
                          long timerSlackNs, long sliceNs) {
    public ThreadState {
        affinity = List.copyOf(affinity);
    }

    /** Slice unknown. */
    public ThreadState(String policy, int priority, int nice, List<Integer> affinity, long tid, long timerSlackNs) {
        this(policy, priority, nice, affinity, tid, timerSlackNs, -1);
    }

    /** The original five-field form; timer slack unknown. */
    public ThreadState(String policy, int priority, int nice, List<Integer> affinity, long tid) {
        this(policy, priority, nice, affinity, tid, -1);
    }

    public static ThreadState unknown() {
        return new ThreadState("unknown", 0, 0, List.of(), -1, -1, -1);
    }

    /** One line for logs and reports, e.g. {@code SCHED_FIFO 80, cpus 1, slack 0 ns, tid 1234}. */
    public String describe() {
        StringBuilder sb = new StringBuilder(policy);
        if ("SCHED_FIFO".equals(policy) || "SCHED_RR".equals(policy)) {
            sb.append(' ').append(priority);
        } else if (!"unknown".equals(policy)) {
            sb.append(" nice ").append(nice);
        }
        sb.append(", cpus ").append(affinity.isEmpty() ? "unknown" : CpuList.format(affinity));
        if (timerSlackNs >= 0) {
            sb.append(", slack ").append(timerSlackNs).append(" ns");
        }
        if (sliceNs > 0) {
            sb.append(", slice ").append(sliceNs / 1000).append(" us");
        }
        if (tid >= 0) {
            sb.append(", tid ").append(tid);
        }
        return sb.toString();
    }
}
