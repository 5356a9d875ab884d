package io.afferent.runtime.run;

import io.afferent.api.ReportSection;
import io.afferent.runtime.report.GcMonitor;
import io.afferent.runtime.report.HostInfo;
import io.afferent.runtime.report.ProcessStats;
import io.afferent.runtime.report.RunReport;
import io.afferent.runtime.rt.RealtimePlatform;
import io.afferent.runtime.rt.ThreadState;
import io.afferent.runtime.stage.StageInput;
import io.afferent.runtime.stage.StageStats;
import io.afferent.runtime.thread.ErrorLog;
import io.afferent.runtime.thread.ManagedThread;
import io.afferent.runtime.thread.RunControl;
import io.afferent.runtime.timing.Counter;
import io.afferent.runtime.timing.HistSummary;
import io.afferent.runtime.timing.LatencyRecorder;
import io.afferent.runtime.timing.SourceStats;
import io.afferent.runtime.topic.ChainTable;
import io.afferent.runtime.topic.Topic;
import io.afferent.runtime.topic.TopicStats;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Gathers a pipeline's {@link RunReport} after every thread of the run stopped (the shutdown's thread). */
final class RunCollector {
    private final PipelineThreads threads;
    private final RunControl control;
    private final Startup startup;
    private final RealtimePlatform platform;
    private final ErrorLog errors;
    private final String configName;
    private final Map<String, String> settings;
    private final List<Topic<?>> topics;
    private final Map<String, TopicStats> topicStats;
    private final ChainTable chains;
    private final List<ReportSection> sections;
    private final Pipeline.Probe probe;

    RunCollector(PipelineBuilder b, PipelineThreads threads, RunControl control, Startup startup) {
        this.threads = threads;
        this.control = control;
        this.startup = startup;
        this.platform = b.platform;
        this.errors = b.errors;
        this.configName = b.configName;
        this.settings = Map.copyOf(b.settings);
        this.topics = List.copyOf(b.topics);
        this.topicStats = new LinkedHashMap<>(b.topicStats);
        this.chains = b.chains;
        this.sections = List.copyOf(b.sections);
        this.probe = b.probe;
    }

    RunReport collect(Instant startedAt, double durationS, List<ManagedThread> all, GcMonitor gc,
                      ProcessStats processStats, List<String> tags) {
        Map<String, RunReport.StageReport> stg = new LinkedHashMap<>();
        Map<String, HistSummary> e2e = new LinkedHashMap<>();
        for (StageEntry st : threads.stages) {
            StageStats ss = st.stage().stats();
            stg.put(st.config().name(), new RunReport.StageReport(ss.events.get(), st.config().deadlineUs(),
                    ss.deadlineMisses.get(), HistSummary.of(ss.queue().total()), HistSummary.of(ss.service().total()),
                    ss.errors.get(), st.stage().unconsumed(), values(st.counters())));
            for (Map.Entry<String, LatencyRecorder> e : ss.endToEndByInput().entrySet()) {
                e2e.put(st.config().name() + "/" + e.getKey(), HistSummary.of(e.getValue().total()));
            }
        }
        Map<String, RunReport.ThreadReport> thr = new LinkedHashMap<>();
        for (ManagedThread t : all) {
            ThreadState s = t.state();
            thr.put(t.name(), new RunReport.ThreadReport(t.role(), s.policy(), s.priority(), s.nice(), s.affinity(),
                    s.timerSlackNs(), s.sliceNs(), t.cpuNanos() * 1e-9, t.allocatedBytes(),
                    t.allocatedAfterWarmupBytes()));
        }
        return new RunReport(startedAt.toString(), Math.round(durationS * 1000) / 1000.0, configName,
                HostInfo.current(), platform.implementation(), sources(durationS), stg, e2e, thr, gc.report(),
                processStats.report(), probe == null ? null : probe.summary(), errors.entries(), control.stopReason(),
                control.exitCode(), tags, settings, RunReports.topics(topics, topicStats, gatingConsumed()),
                RunReports.chains(chains), RunReports.sections(sections), startup.toReport());
    }

    private Map<String, RunReport.SourceReport> sources(double durationS) {
        Map<String, Long> consumed = new LinkedHashMap<>();
        for (StageEntry st : threads.stages) {
            for (Map.Entry<String, Counter> e : st.stage().stats().consumedByInput().entrySet()) {
                consumed.put(e.getKey(), e.getValue().get());
            }
        }
        Map<String, RunReport.SourceReport> srcs = new LinkedHashMap<>();
        for (SourceEntry s : threads.sources) {
            SourceStats st = s.stats();
            Map<String, Long> reasons = new TreeMap<>();
            st.rejects().forEach((k, v) -> reasons.put(k, v.get()));
            srcs.put(s.config().name(), new RunReport.SourceReport(s.config().type(), st.samples.get(),
                    st.dropped.get(), st.rejectedTotal(), st.errors.get(),
                    durationS > 0 ? st.samples.get() / durationS : 0, s.config().rateHz(),
                    st.lateness() == null ? null : HistSummary.of(st.lateness().total()),
                    st.lateness() == null || st.lateness().sinceMark() == null ? null
                            : HistSummary.of(st.lateness().sinceMark()),
                    HistSummary.of(st.interval().total()), HistSummary.of(st.publish().total()),
                    st.missedPeriods.get(), st.earlyWakeups.get(), st.restarts.get(), reasons, st.connected(),
                    st.events(), consumed.getOrDefault(s.config().name(), 0L), values(s.counters())));
        }
        return srcs;
    }

    private Map<String, Map<String, Long>> gatingConsumed() {
        Map<String, Map<String, Long>> m = new LinkedHashMap<>();
        for (StageEntry st : threads.stages) {
            for (StageInput<?> in : st.stage().inputs()) {
                m.computeIfAbsent(in.topic(), k -> new LinkedHashMap<>())
                        .put("stage " + st.config().name(), in.consumed().get());
            }
        }
        return m;
    }

    private static Map<String, Long> values(Map<String, Counter> counters) {
        Map<String, Long> m = new LinkedHashMap<>();
        counters.forEach((k, v) -> m.put(k, v.get()));
        return m;
    }
}
