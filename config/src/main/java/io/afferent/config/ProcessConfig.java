package io.afferent.config;

/**
 * Process-wide settings.
 *
 * @param lockMemory  {@code mlockall(MCL_CURRENT|MCL_FUTURE)} after heap pre-touch
 * @param strictRt    a real-time control that cannot be applied is an error (exit 1) instead of a warning
 * @param platformProbeHz rate of the low-rate platform latency probe run during every run; 0 turns it off
 * @param cpuDmaLatencyUs hold {@code /dev/cpu_dma_latency} at this many µs during the run (keeps CPUs out
 *                        of deep idle states, as cyclictest does); -1 leaves it alone
 */
public record ProcessConfig(boolean lockMemory, boolean strictRt, double platformProbeHz, int cpuDmaLatencyUs) {
}
