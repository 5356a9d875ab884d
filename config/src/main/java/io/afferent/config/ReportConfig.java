package io.afferent.config;

import java.nio.file.Path;

/**
 * Where and how a run reports its timing.
 *
 * @param dir            base directory; each run writes into a new timestamped directory below it
 * @param intervalNanos  how often interval histograms are taken (the .hlog interval and the live status)
 * @param status         the live status: a refreshing line on a terminal, log lines otherwise
 * @param charts         draw PNG charts from the .hlog at the end of the run
 */
public record ReportConfig(Path dir, long intervalNanos, StatusMode status, boolean hlog, boolean charts) {
    public enum StatusMode {
        /** A refreshing line on a terminal, a log line every few seconds otherwise. */
        AUTO,
        /** Always log lines. */
        LOG,
        /** No live status. */
        OFF
    }
}
