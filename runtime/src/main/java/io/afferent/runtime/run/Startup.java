package io.afferent.runtime.run;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The start-up milestones of a run (see {@code RunReport.STARTUP_MARKS}), kept as wall-clock times and reported in
 * ms since the JVM started. Marks from the composition root ({@code launcher}, {@code main}) come in through the
 * pipeline's builder; the pipeline marks the rest. Thread-safe.
 */
final class Startup {
    private final Map<String, Long> epochMillis = new LinkedHashMap<>();
    private final long jvmStartEpochMillis = ManagementFactory.getRuntimeMXBean().getStartTime();

    synchronized void mark(String name, long atEpochMillis) {
        epochMillis.put(name, atEpochMillis);
    }

    synchronized void markNow(String name) {
        mark(name, System.currentTimeMillis());
    }

    /** Marks {@code name} at clock time {@code nanos}, given one instant read on both clocks. */
    void markClock(String name, long nanos, long anchorNanos, long anchorEpochMillis) {
        mark(name, anchorEpochMillis + Math.round((nanos - anchorNanos) / 1e6));
    }

    /** Ms since the JVM started, by milestone, in the order of {@code RunReport.STARTUP_MARKS}. */
    synchronized Map<String, Double> toReport() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String name : io.afferent.runtime.report.RunReport.STARTUP_MARKS) {
            Long at = epochMillis.get(name);
            if (at != null) {
                out.put(name, (double) (at - jvmStartEpochMillis));
            }
        }
        return out;
    }
}
