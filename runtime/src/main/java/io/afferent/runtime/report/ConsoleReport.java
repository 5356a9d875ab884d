package io.afferent.runtime.report;

import io.afferent.runtime.thread.ErrorLog;
import io.afferent.runtime.timing.HistSummary;

import java.util.Map;

/** The end-of-run table printed for people. */
public final class ConsoleReport {
    private ConsoleReport() {
    }

    public static String render(RunReport r, String reportDir) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%nAfferent run: %s, %.1f s, %s%n", r.config(), r.durationS(), r.stopReason()));
        sb.append(String.format("host: %s %s, %d cpus, kernel %s, %s; rt: %s%n", r.host().os(), r.host().arch(),
                r.host().cpus(), r.host().kernel(), r.host().java(), r.rtImplementation()));

        sb.append(String.format("%nSources%n%-10s %9s %7s %8s %6s %9s %9s | %-34s | %-34s%n", "name", "samples",
                "dropped", "rejected", "errors", "rate Hz", "missed", "lateness µs p50/p99/p99.9/max",
                "interval µs p50/p99/p99.9/max"));
        for (Map.Entry<String, RunReport.SourceReport> e : r.sources().entrySet()) {
            RunReport.SourceReport s = e.getValue();
            sb.append(String.format("%-10s %9d %7d %8d %6d %9.1f %9d | %-34s | %-34s%n", e.getKey(), s.samples(),
                    s.dropped(), s.rejected(), s.errors(), s.rateHz(), s.missedPeriods(), quantiles(s.lateness()),
                    quantiles(s.interval())));
            if (s.caughtUp() > 0) {
                sb.append(String.format("%-10s caught up after late wake-ups: %d samples, each with its own period's time%n",
                        "", s.caughtUp()));
            }
            if (!s.connected() || !s.events().isEmpty()) {
                sb.append(String.format("%-10s connection changes: %d, connected at end: %s%n", "", s.events().size(),
                        s.connected()));
            }
        }

        sb.append(String.format("%nStages%n%-10s %9s %9s %9s | %-34s | %-34s%n", "name", "events", "budget µs",
                "misses", "queue µs p50/p99/p99.9/max", "service µs p50/p99/p99.9/max"));
        for (Map.Entry<String, RunReport.StageReport> e : r.stages().entrySet()) {
            RunReport.StageReport s = e.getValue();
            sb.append(String.format("%-10s %9d %9d %9d | %-34s | %-34s%n", e.getKey(), s.events(), s.deadlineUs(),
                    s.deadlineMisses(), quantiles(s.queue()), quantiles(s.service())));
            if (!s.counters().isEmpty()) {
                StringBuilder c = new StringBuilder();
                s.counters().forEach((k, v) -> {
                    if (v != 0) c.append(c.isEmpty() ? "" : ", ").append(k).append(' ').append(v);
                });
                sb.append(String.format("%-10s %s%n", "", c));
            }
        }

        sb.append(String.format("%nEnd to end (acquisition to the stage's output), µs p50/p99/p99.9/max%n"));
        for (Map.Entry<String, HistSummary> e : r.endToEnd().entrySet()) {
            sb.append(String.format("%-22s %s%n", e.getKey(), quantiles(e.getValue())));
        }
        sb.append(String.format("of which acquisition to ring (the reader's part), µs p50/p99/p99.9/max%n"));
        for (Map.Entry<String, RunReport.SourceReport> e : r.sources().entrySet()) {
            sb.append(String.format("%-22s %s%n", e.getKey(), quantiles(e.getValue().publish())));
        }
        if (r.platform() != null) {
            sb.append(String.format("%nPlatform probe lateness µs p50/p99/p99.9/max: %s%n", quantiles(r.platform())));
        }

        if (!r.chains().isEmpty()) {
            sb.append(String.format("%nChains: acquisition to handled at each stage, µs p50/p99/p99.9/max%n"));
            for (RunReport.ChainReport c : r.chains()) {
                sb.append(String.format("%s%n", c.path()));
                for (RunReport.Hop h : c.hops()) {
                    sb.append(String.format("  at %-18s %s%n", h.stage(), quantiles(h.latency())));
                }
            }
        }
        boolean lossHeader = false;
        for (Map.Entry<String, RunReport.TopicReport> e : r.topics().entrySet()) {
            for (RunReport.SubscriberReport sub : e.getValue().subscribers()) {
                if (sub.dropped() > 0) {
                    if (!lossHeader) {
                        sb.append(String.format("%nLagging subscribers that lost messages%n"));
                        lossHeader = true;
                    }
                    sb.append(String.format("%-12s %-24s consumed %d, dropped %d%n", e.getKey(), sub.name(),
                            sub.consumed(), sub.dropped()));
                }
            }
        }
        for (RunReport.Section sec : r.sections()) {
            if (sec.text() != null && !sec.text().isEmpty()) {
                sb.append(String.format("%n")).append(sec.text());
                if (!sec.text().endsWith("\n")) {
                    sb.append(String.format("%n"));
                }
            }
        }

        sb.append(String.format("%nThreads%n%-26s %-12s %4s %-10s %10s %14s %16s%n", "name", "policy", "prio",
                "cpus", "cpu s", "alloc bytes", "alloc after warm"));
        for (Map.Entry<String, RunReport.ThreadReport> e : r.threads().entrySet()) {
            RunReport.ThreadReport t = e.getValue();
            sb.append(String.format("%-26s %-12s %4d %-10s %10.3f %14d %16s%n", e.getKey(), t.policy(), t.priority(),
                    t.affinity().isEmpty() ? "?" : cpuList(t), t.cpuTimeS(), t.allocatedBytes(),
                    t.allocatedAfterWarmupBytes() < 0 ? "n/a" : Long.toString(t.allocatedAfterWarmupBytes())));
        }
        sb.append(String.format("%nGC: %d pauses, %.1f ms total, %.1f ms max. Process: peak RSS %.1f MB, peak heap %.1f MB, CPU %.1f%% of one core (%.1f%% from the timeline's start)%n",
                r.gc().collections(), r.gc().pauseMsTotal(), r.gc().pauseMsMax(), r.process().rssPeakMb(),
                r.process().heapUsedPeakMb(), r.process().cpuPct(), r.process().cpuPctTimeline()));
        if (!r.errors().isEmpty()) {
            sb.append(String.format("%nErrors%n"));
            for (ErrorLog.Entry e : r.errors()) {
                sb.append(String.format("%6d × [%s] %s: %s%n", e.count(), e.thread(), e.source(), e.message()));
            }
        }
        if (!r.startup().isEmpty()) {
            sb.append(String.format("%nStart-up, s after the JVM started:"));
            r.startup().forEach((k, v) -> sb.append(String.format(" %s %.2f", k, v / 1000)));
            sb.append(String.format("%n"));
        }
        if (reportDir != null) {
            sb.append(String.format("%nReport: %s (summary.json, timing.hlog, charts)%n", reportDir));
        }
        return sb.toString();
    }

    private static String cpuList(RunReport.ThreadReport t) {
        StringBuilder sb = new StringBuilder();
        for (int cpu : t.affinity()) {
            if (!sb.isEmpty()) sb.append(',');
            sb.append(cpu);
        }
        return sb.toString();
    }

    private static String num(Double v) {
        return v == null || v.isNaN() ? "n/a" : String.format("%.2f", v);
    }

    static String quantiles(HistSummary h) {
        if (h == null) {
            return "-";
        }
        if (h.count() == 0) {
            return "(none)";
        }
        return String.format("%s/%s/%s/%s", fmt(h.p50Us()), fmt(h.p99Us()), fmt(h.p999Us()), fmt(h.maxUs()));
    }

    private static String fmt(double us) {
        if (us >= 100) return String.format("%.0f", us);
        if (us >= 10) return String.format("%.1f", us);
        return String.format("%.2f", us);
    }
}
