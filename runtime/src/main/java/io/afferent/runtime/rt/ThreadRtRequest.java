package io.afferent.runtime.rt;

import java.util.List;
import java.util.Locale;

/**
 * What a thread asks of the scheduler; applied by {@link RealtimePlatform#configureCurrentThread}.
 * Build with the static factories and the {@code with...} methods, e.g.
 * {@code ThreadRtRequest.fifo(80).withCpus(List.of(1)).withTimerSlackNs(1)}.
 *
 * @param policy       {@code SCHED_OTHER}, {@code SCHED_FIFO} or {@code SCHED_RR} ({@code other}, {@code fifo},
 *                     {@code rr} are accepted and normalised); {@code null} leaves the policy, priority and nice as
 *                     they are
 * @param priority     1..99 for {@code SCHED_FIFO}/{@code SCHED_RR}; 0 for {@code SCHED_OTHER}
 * @param nice         -20..19, applied with {@code SCHED_OTHER} only
 * @param cpus         CPUs the thread may run on; empty leaves the affinity as it is
 * @param timerSlackNs timer slack to set, at least 1; 0 leaves it as it is (the kernel would read 0 as "reset to
 *                     the default", so 0 is never passed to it). Real-time policies ignore slack.
 * @param sliceNs      SCHED_OTHER only: the time slice to ask for ({@code sched_setattr}'s {@code sched_runtime},
 *                     honoured by Linux 6.12+); 0 leaves it as it is
 */
public record ThreadRtRequest(String policy, int priority, int nice, List<Integer> cpus, long timerSlackNs,
                              long sliceNs) {
    public static final String SCHED_OTHER = "SCHED_OTHER";
    public static final String SCHED_FIFO = "SCHED_FIFO";
    public static final String SCHED_RR = "SCHED_RR";

    public ThreadRtRequest {
        policy = policy == null ? null : normalizePolicy(policy);
        cpus = cpus == null ? List.of() : List.copyOf(cpus);
        if (policy != null && !SCHED_OTHER.equals(policy)) {
            if (priority < 1 || priority > 99) {
                throw new IllegalArgumentException(policy + " priority must be 1..99, not " + priority);
            }
        } else if (priority != 0) {
            throw new IllegalArgumentException("priority must be 0 unless the policy is SCHED_FIFO or SCHED_RR, not "
                    + priority);
        }
        if (nice < -20 || nice > 19) {
            throw new IllegalArgumentException("nice must be -20..19, not " + nice);
        }
        for (int cpu : cpus) {
            if (cpu < 0 || cpu > CpuList.MAX_CPU) {
                throw new IllegalArgumentException("CPU " + cpu + " out of range 0.." + CpuList.MAX_CPU);
            }
        }
        if (timerSlackNs < 0) {
            throw new IllegalArgumentException("timer slack must be >= 1 ns (or 0 to leave it), not " + timerSlackNs);
        }
        if (sliceNs < 0) {
            throw new IllegalArgumentException("slice must be >= 0 (0 leaves it), not " + sliceNs);
        }
    }

    /** A request that leaves the time slice as it is. */
    public ThreadRtRequest(String policy, int priority, int nice, List<Integer> cpus, long timerSlackNs) {
        this(policy, priority, nice, cpus, timerSlackNs, 0);
    }

    /** Changes nothing. */
    public static ThreadRtRequest unchanged() {
        return new ThreadRtRequest(null, 0, 0, List.of(), 0);
    }

    public static ThreadRtRequest fifo(int priority) {
        return new ThreadRtRequest(SCHED_FIFO, priority, 0, List.of(), 0);
    }

    public static ThreadRtRequest roundRobin(int priority) {
        return new ThreadRtRequest(SCHED_RR, priority, 0, List.of(), 0);
    }

    public static ThreadRtRequest other(int nice) {
        return new ThreadRtRequest(SCHED_OTHER, 0, nice, List.of(), 0);
    }

    /** A policy by name ({@code other|fifo|rr}, with or without {@code SCHED_}); priority is used as nice for other. */
    public static ThreadRtRequest of(String policy, int priorityOrNice) {
        String p = normalizePolicy(policy);
        return SCHED_OTHER.equals(p) ? other(priorityOrNice) : new ThreadRtRequest(p, priorityOrNice, 0, List.of(), 0);
    }

    public ThreadRtRequest withCpus(List<Integer> newCpus) {
        return new ThreadRtRequest(policy, priority, nice, newCpus, timerSlackNs, sliceNs);
    }

    /** SCHED_OTHER: ask for a time slice of {@code newSliceNs} (0: leave it). */
    public ThreadRtRequest withSliceNs(long newSliceNs) {
        return new ThreadRtRequest(policy, priority, nice, cpus, timerSlackNs, newSliceNs);
    }

    /** CPUs in Linux list syntax, e.g. {@code "1"} or {@code "0-2,5"}. */
    public ThreadRtRequest withCpus(String cpuList) {
        return withCpus(CpuList.parse(cpuList));
    }

    public ThreadRtRequest withTimerSlackNs(long slackNs) {
        return new ThreadRtRequest(policy, priority, nice, cpus, slackNs, sliceNs);
    }

    public boolean isRealtime() {
        return SCHED_FIFO.equals(policy) || SCHED_RR.equals(policy);
    }

    /** One line for logs, e.g. {@code SCHED_FIFO 80, cpus 1, slack 1 ns}. */
    public String describe() {
        StringBuilder sb = new StringBuilder(policy == null ? "policy unchanged" : policy);
        if (isRealtime()) {
            sb.append(' ').append(priority);
        } else if (policy != null) {
            sb.append(" nice ").append(nice);
        }
        sb.append(", cpus ").append(cpus.isEmpty() ? "unchanged" : CpuList.format(cpus));
        sb.append(", slack ").append(timerSlackNs == 0 ? "unchanged" : timerSlackNs + " ns");
        if (sliceNs > 0) {
            sb.append(", slice ").append(sliceNs / 1000).append(" us");
        }
        return sb.toString();
    }

    /** {@code fifo}, {@code FIFO}, {@code sched_fifo} → {@code SCHED_FIFO}; likewise rr and other (or normal). */
    public static String normalizePolicy(String name) {
        String n = name.trim().toUpperCase(Locale.ROOT);
        if (n.startsWith("SCHED_")) {
            n = n.substring("SCHED_".length());
        }
        return switch (n) {
            case "FIFO" -> SCHED_FIFO;
            case "RR" -> SCHED_RR;
            case "OTHER", "NORMAL" -> SCHED_OTHER;
            default -> throw new IllegalArgumentException(
                    "unknown scheduling policy '" + name + "' (expected SCHED_OTHER, SCHED_FIFO or SCHED_RR)");
        };
    }
}
