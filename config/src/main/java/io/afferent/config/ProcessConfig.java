package io.afferent.config;

import java.util.List;

/**
 * Process-wide settings.
 *
 * @param lockMemory  {@code mlockall(MCL_CURRENT|MCL_FUTURE)} after heap pre-touch
 * @param strictRt    a real-time control that cannot be applied is an error (exit 1) instead of a warning
 * @param platformProbeHz rate of the low-rate platform latency probe run during every run; 0 turns it off
 * @param cpuDmaLatencyUs hold {@code /dev/cpu_dma_latency} at this many µs during the run (keeps CPUs out
 *                        of deep idle states, as cyclictest does); -1 leaves it alone
 * @param housekeepingCpus before the run, every thread of the process (the JVM's compiler, GC and service
 *                         threads included) is moved to these CPUs; the run's threads then take their own
 *                         {@code rt.cpus}. Keeps the CPUs of real-time readers free of the rest of the
 *                         process. Empty leaves affinity alone.
 * @param colocate  each stage and the reader threads that feed it share one CPU unless their {@code rt.cpus}
 *                  say otherwise, so that handing a sample from reader to stage wakes a thread on a CPU that is
 *                  running rather than an idle one (see the runtime's {@code Placement})
 */
public record ProcessConfig(boolean lockMemory, boolean strictRt, double platformProbeHz, int cpuDmaLatencyUs,
                            List<Integer> housekeepingCpus, boolean colocate) {
    public ProcessConfig {
        housekeepingCpus = List.copyOf(housekeepingCpus);
    }
}
