package io.afferent.runtime.run;

import io.afferent.api.ReportSection;
import io.afferent.runtime.timing.HistSummary;
import io.afferent.runtime.report.RunReport;
import io.afferent.runtime.thread.Log;
import io.afferent.runtime.topic.ChainTable;
import io.afferent.runtime.topic.LaggingReader;
import io.afferent.runtime.topic.Topic;
import io.afferent.runtime.topic.TopicStats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The topic, chain and extension parts of a {@link RunReport}, gathered after every thread stopped. */
final class RunReports {
    private RunReports() {
    }

    /** @param gatingConsumed topic → gating subscriber ({@code stage NAME}) → what it consumed */
    static Map<String, RunReport.TopicReport> topics(List<Topic<?>> topics, Map<String, TopicStats> stats,
                                                     Map<String, Map<String, Long>> gatingConsumed) {
        Map<String, RunReport.TopicReport> out = new LinkedHashMap<>();
        for (Topic<?> t : topics) {
            TopicStats st = stats.get(t.name());
            long published = st.published.get();
            long dropped = st.dropped.get();
            List<RunReport.SubscriberReport> subs = new ArrayList<>();
            for (String g : t.gatingSubscribers()) {
                long consumed = gatingConsumed.getOrDefault(t.name(), Map.of()).getOrDefault(g, 0L);
                subs.add(new RunReport.SubscriberReport(g, "stage", consumed, 0));
            }
            for (LaggingReader<?> r : t.laggingSubscribers()) {
                subs.add(new RunReport.SubscriberReport(r.subscriber(), "sink", r.consumed.get(), r.dropped.get()));
            }
            out.put(t.name(), new RunReport.TopicReport(t.type().name(), t.publisher(), t.size(), published, dropped,
                    subs));
        }
        return out;
    }

    static List<RunReport.ChainReport> chains(ChainTable chains) {
        List<RunReport.ChainReport> out = new ArrayList<>();
        for (int id : chains.maximal()) {
            List<RunReport.Hop> hops = new ArrayList<>();
            List<String> stages = chains.stages(id);
            for (int i = 0; i < stages.size(); i++) {
                hops.add(new RunReport.Hop(stages.get(i), HistSummary.of(chains.latency(chains.prefix(id, i)).total())));
            }
            out.add(new RunReport.ChainReport(chains.describe(id), chains.source(id), hops));
        }
        return out;
    }

    static List<RunReport.Section> sections(List<ReportSection> sections) {
        List<RunReport.Section> out = new ArrayList<>();
        for (ReportSection s : sections) {
            try {
                StringBuilder sb = new StringBuilder();
                s.appendText(sb);
                out.add(new RunReport.Section(s.name(), s.summary(), sb.toString()));
            } catch (RuntimeException e) {
                Log.warn("report section " + s.getClass().getName() + " failed: " + e);
            }
        }
        return out;
    }
}
