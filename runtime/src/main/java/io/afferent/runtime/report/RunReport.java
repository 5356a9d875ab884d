package io.afferent.runtime.report;

import io.afferent.runtime.thread.ErrorLog;
import io.afferent.runtime.timing.SourceStats;
import io.afferent.runtime.timing.HistSummary;

import java.util.List;
import java.util.Map;

/**
 * Everything a run reports, gathered once at its end; rendered as {@code summary.json} and as the
 * console table. Immutable. Histograms are in microseconds.
 */
public record RunReport(String startedAt, double durationS, String config, Host host, String rtImplementation,
                        Map<String, SourceReport> sources, Map<String, StageReport> stages,
                        Map<String, HistSummary> endToEnd, Map<String, ThreadReport> threads, GcReport gc,
                        ProcessReport process, HistSummary platform, List<ErrorLog.Entry> errors,
                        String stopReason, int exitCode, List<String> hlogTags, Map<String, String> settings,
                        Map<String, TopicReport> topics, List<ChainReport> chains, List<Section> sections,
                        Map<String, Double> startup) {

    /**
     * Start-up milestones in ms since the JVM started ({@code startup} in summary.json): {@code launcher} (when the
     * {@code afferent} script started, negative; absent when not launched by it), {@code main}, {@code run} (the
     * pipeline built, threads starting), {@code ready} (sources open, readers and stages warmed up),
     * {@code timeline} (the timeline's start) and {@code first_sample}.
     */
    public static final List<String> STARTUP_MARKS = List.of("launcher", "main", "run", "ready", "timeline",
            "first_sample");

    /**
     * One topic: its publisher's counts ({@code published == in the ring + dropped}) and each subscriber's
     * ({@code consumed + dropped == in the ring} for a lagging one; a stage, gating, never loses what is in the ring).
     */
    public record TopicReport(String type, String publisher, int ringSize, long published, long dropped,
                              List<SubscriberReport> subscribers) {
    }

    /** @param kind {@code stage} (gating: the ring waits for it) or {@code sink} (lagging: loses what it cannot keep) */
    public record SubscriberReport(String name, String kind, long consumed, long dropped) {
    }

    /** One chain's latency from acquisition to the end of handling at each of its stages. */
    public record ChainReport(String path, String source, List<Hop> hops) {
        /** The last hop's latency: sensor to the last stage. */
        public HistSummary endToEnd() {
            return hops.isEmpty() ? null : hops.getLast().latency();
        }
    }

    public record Hop(String stage, HistSummary latency) {
    }

    /** An extension's part of the report: its summary.json value and its console lines. */
    public record Section(String name, Object value, String text) {
    }


    public record Host(String os, String arch, int cpus, String kernel, String java) {
    }

    /**
     * @param lateness   null for streaming sources
     * @param latenessAfterWarmup lateness after the warm-up mark (JIT compilation done), null when the run
     *                   ended before it or for streaming sources
     * @param consumed   samples the consuming stage took from the ring; {@code samples == consumed + dropped}
     *                   after an orderly shutdown
     * @param publish    acquisition to publication into the ring (the reader's own part of end to end)
     * @param caughtUp   samples of missed periods delivered after a late wake-up by a source that holds its samples
     *                   (also in {@code samples}); {@code missedPeriods} are the periods nothing was delivered for
     */
    public record SourceReport(String type, long samples, long dropped, long rejected, long errors, double rateHz,
                               double configuredRateHz, HistSummary lateness, HistSummary latenessAfterWarmup,
                               HistSummary interval, HistSummary publish,
                               long missedPeriods, long caughtUp, long earlyWakeups, long restarts, Map<String, Long> rejectedByReason,
                               boolean connected, List<SourceStats.ConnectionEvent> events, long consumed,
                               Map<String, Long> counters) {
    }

    /** @param counters the processor's own counts (e.g. fusion: GPS fixes rejected, late fixes re-applied) */
    public record StageReport(long events, long deadlineUs, long deadlineMisses, HistSummary queue,
                              HistSummary service, long errors, long unconsumed, Map<String, Long> counters) {
    }

    /**
     * @param allocatedAfterWarmupBytes bytes allocated after warm-up, -1 when the run ended before warm-up
     */
    public record ThreadReport(String role, String policy, int priority, int nice, List<Integer> affinity,
                               long timerSlackNs, long sliceNs, double cpuTimeS, long allocatedBytes,
                               long allocatedAfterWarmupBytes) {
    }

    public record GcReport(long collections, double pauseMsTotal, double pauseMsMax) {
    }

    /**
     * Figures are -1 where the platform does not tell.
     *
     * @param cpuPct         CPU of the whole process from the start of the run (warm-ups included) to its end
     * @param cpuPctTimeline the same from the start of the timeline: the steady cost of the run
     */
    public record ProcessReport(double rssPeakMb, double heapUsedPeakMb, double cpuPct, double cpuPctTimeline) {
    }
}
