package io.afferent.config;

/**
 * One source of a profile.
 *
 * @param rateHz   sampling rate for periodic types; 0 for streaming types (serial, edges)
 * @param thread   the reader thread's name: the source's own name unless it shares a named thread
 * @param restartBackoffNanos first delay before reopening after an error; doubles up to {@code restartBackoffMaxNanos}
 * @param params   type-specific settings, validated by the factory that builds the source
 * @param phaseNanos periodic types: where in each period the source is sampled, after the common timeline
 *                   point ({@code start + phase + k·period}); 0 by default, so that sources of one rate are
 *                   sampled together
 */
public record SourceConfig(String name, String type, Location location, double rateHz, int ringSize, Overflow overflow,
                           String thread, boolean sharedThread, WaitName waitStrategy, ErrorPolicy onError,
                           long restartBackoffNanos, long restartBackoffMaxNanos, ThreadSettings rt, ConfigMap params,
                           long phaseNanos) {
    public boolean periodic() {
        return rateHz > 0;
    }

    public long periodNanos() {
        return Math.round(1e9 / rateHz);
    }
}
