package io.afferent.sim.fault;

/**
 * One scheduled fault: active for simulated times in [{@code startNanos}, {@code endNanos}) relative to
 * the world's origin.
 *
 * @param delayNanos latency faults: how old the data is; otherwise 0
 * @param rate       corrupt faults: probability that a byte is corrupted; otherwise 0
 */
public record FaultWindow(FaultType type, long startNanos, long endNanos, long delayNanos, double rate) {
    public boolean covers(long relNanos) {
        return relNanos >= startNanos && relNanos < endNanos;
    }

    public String detail() {
        String d = "for " + String.format(java.util.Locale.ROOT, "%.3f s", (endNanos - startNanos) * 1e-9);
        return switch (type) {
            case LATENCY -> d + ", data " + String.format(java.util.Locale.ROOT, "%.3f s", delayNanos * 1e-9) + " old";
            case CORRUPT -> d + ", byte corruption probability " + rate;
            default -> d;
        };
    }
}
