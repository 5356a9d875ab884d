package io.afferent.config;

/**
 * Process-wide settings.
 *
 * @param lockMemory  {@code mlockall(MCL_CURRENT|MCL_FUTURE)} after heap pre-touch
 * @param strictRt    a real-time control that cannot be applied is an error (exit 1) instead of a warning
 * @param platformProbeHz rate of the low-rate platform latency probe run during every run; 0 turns it off
 */
public record ProcessConfig(boolean lockMemory, boolean strictRt, double platformProbeHz) {
}
