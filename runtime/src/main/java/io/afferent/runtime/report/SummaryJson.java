package io.afferent.runtime.report;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.afferent.runtime.thread.ErrorLog;
import io.afferent.runtime.timing.SourceStats;
import io.afferent.runtime.timing.HistSummary;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code summary.json}, schema {@code afferent.summary/1}. Other tools read it: names in the
 * contract (README) are kept; new fields may be added.
 */
public final class SummaryJson {
    public static final String SCHEMA = "afferent.summary/1";
    private static final JsonFactory JSON = new JsonFactory();

    private SummaryJson() {
    }

    public static void write(RunReport r, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file);
             JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8).useDefaultPrettyPrinter()) {
            write(r, g);
        }
    }

    static void write(RunReport r, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("schema", SCHEMA);
        g.writeStringField("started_at", r.startedAt());
        g.writeNumberField("duration_s", r.durationS());
        g.writeStringField("config", r.config());
        g.writeObjectFieldStart("host");
        g.writeStringField("os", r.host().os());
        g.writeStringField("arch", r.host().arch());
        g.writeNumberField("cpus", r.host().cpus());
        g.writeStringField("kernel", r.host().kernel());
        g.writeStringField("java", r.host().java());
        g.writeEndObject();
        g.writeStringField("rt_platform", r.rtImplementation());
        g.writeStringField("stop_reason", r.stopReason());
        g.writeNumberField("exit_code", r.exitCode());

        g.writeObjectFieldStart("sources");
        for (Map.Entry<String, RunReport.SourceReport> e : r.sources().entrySet()) {
            RunReport.SourceReport s = e.getValue();
            g.writeObjectFieldStart(e.getKey());
            g.writeStringField("type", s.type());
            g.writeNumberField("samples", s.samples());
            g.writeNumberField("dropped", s.dropped());
            g.writeNumberField("rejected", s.rejected());
            g.writeNumberField("errors", s.errors());
            g.writeNumberField("rate_hz", round(s.rateHz(), 3));
            if (s.configuredRateHz() > 0) {
                g.writeNumberField("configured_rate_hz", s.configuredRateHz());
            } else {
                g.writeNullField("configured_rate_hz");
            }
            hist(g, "lateness_us", s.lateness());
            hist(g, "lateness_after_warmup_us", s.latenessAfterWarmup());
            hist(g, "interval_us", s.interval());
            hist(g, "publish_us", s.publish());
            g.writeNumberField("missed_periods", s.missedPeriods());
            g.writeNumberField("caught_up", s.caughtUp());
            g.writeNumberField("early_wakeups", s.earlyWakeups());
            g.writeNumberField("restarts", s.restarts());
            g.writeNumberField("consumed", s.consumed());
            if (!s.counters().isEmpty()) {
                g.writeObjectFieldStart("counters");
                for (Map.Entry<String, Long> c : s.counters().entrySet()) {
                    g.writeNumberField(c.getKey(), c.getValue());
                }
                g.writeEndObject();
            }
            g.writeObjectFieldStart("rejected_by_reason");
            for (Map.Entry<String, Long> rr : s.rejectedByReason().entrySet()) {
                g.writeNumberField(rr.getKey(), rr.getValue());
            }
            g.writeEndObject();
            g.writeBooleanField("connected", s.connected());
            g.writeArrayFieldStart("connection_events");
            for (SourceStats.ConnectionEvent ev : s.events()) {
                g.writeStartObject();
                g.writeStringField("at", java.time.Instant.ofEpochMilli(ev.epochMillis()).toString());
                g.writeBooleanField("connected", ev.connected());
                g.writeStringField("detail", ev.detail());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndObject();

        g.writeObjectFieldStart("stages");
        for (Map.Entry<String, RunReport.StageReport> e : r.stages().entrySet()) {
            RunReport.StageReport s = e.getValue();
            g.writeObjectFieldStart(e.getKey());
            g.writeNumberField("events", s.events());
            g.writeNumberField("deadline_us", s.deadlineUs());
            g.writeNumberField("deadline_misses", s.deadlineMisses());
            hist(g, "queue_us", s.queue());
            hist(g, "service_us", s.service());
            g.writeNumberField("errors", s.errors());
            g.writeNumberField("unconsumed", s.unconsumed());
            g.writeObjectFieldStart("counters");
            for (Map.Entry<String, Long> c : s.counters().entrySet()) {
                g.writeNumberField(c.getKey(), c.getValue());
            }
            g.writeEndObject();
            g.writeEndObject();
        }
        g.writeEndObject();

        g.writeObjectFieldStart("end_to_end_us");
        for (Map.Entry<String, HistSummary> e : r.endToEnd().entrySet()) {
            hist(g, e.getKey(), e.getValue());
        }
        g.writeEndObject();

        g.writeObjectFieldStart("threads");
        for (Map.Entry<String, RunReport.ThreadReport> e : r.threads().entrySet()) {
            RunReport.ThreadReport t = e.getValue();
            g.writeObjectFieldStart(e.getKey());
            g.writeStringField("role", t.role());
            g.writeStringField("policy", t.policy());
            g.writeNumberField("priority", t.priority());
            g.writeNumberField("nice", t.nice());
            g.writeArrayFieldStart("affinity");
            for (int cpu : t.affinity()) {
                g.writeNumber(cpu);
            }
            g.writeEndArray();
            g.writeNumberField("timer_slack_ns", t.timerSlackNs());
            g.writeNumberField("slice_ns", t.sliceNs());
            g.writeNumberField("cpu_time_s", round(t.cpuTimeS(), 6));
            g.writeNumberField("allocated_bytes", t.allocatedBytes());
            g.writeNumberField("allocated_after_warmup_bytes", t.allocatedAfterWarmupBytes());
            g.writeEndObject();
        }
        g.writeEndObject();

        g.writeObjectFieldStart("gc");
        g.writeNumberField("collections", r.gc().collections());
        g.writeNumberField("pause_ms_total", round(r.gc().pauseMsTotal(), 3));
        g.writeNumberField("pause_ms_max", round(r.gc().pauseMsMax(), 3));
        g.writeEndObject();

        g.writeObjectFieldStart("topics");
        for (Map.Entry<String, RunReport.TopicReport> e : r.topics().entrySet()) {
            RunReport.TopicReport t = e.getValue();
            g.writeObjectFieldStart(e.getKey());
            g.writeStringField("type", t.type());
            g.writeStringField("publisher", t.publisher());
            g.writeNumberField("ring_size", t.ringSize());
            g.writeNumberField("published", t.published());
            g.writeNumberField("dropped", t.dropped());
            g.writeObjectFieldStart("subscribers");
            for (RunReport.SubscriberReport sub : t.subscribers()) {
                g.writeObjectFieldStart(sub.name());
                g.writeStringField("kind", sub.kind());
                g.writeNumberField("consumed", sub.consumed());
                g.writeNumberField("dropped", sub.dropped());
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeEndObject();
        }
        g.writeEndObject();

        g.writeArrayFieldStart("chains");
        for (RunReport.ChainReport c : r.chains()) {
            g.writeStartObject();
            g.writeStringField("path", c.path());
            g.writeStringField("source", c.source());
            g.writeArrayFieldStart("hops");
            for (RunReport.Hop h : c.hops()) {
                g.writeStartObject();
                g.writeStringField("stage", h.stage());
                hist(g, "latency_us", h.latency());
                g.writeEndObject();
            }
            g.writeEndArray();
            hist(g, "end_to_end_us", c.endToEnd());
            g.writeEndObject();
        }
        g.writeEndArray();

        for (RunReport.Section sec : r.sections()) {
            g.writeFieldName(sec.name());
            JsonValues.write(g, sec.value());
        }

        g.writeObjectFieldStart("startup_ms");
        for (Map.Entry<String, Double> e : r.startup().entrySet()) {
            g.writeNumberField(e.getKey(), e.getValue());
        }
        g.writeEndObject();

        g.writeObjectFieldStart("settings");
        for (Map.Entry<String, String> e : r.settings().entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();

        g.writeObjectFieldStart("process");
        g.writeNumberField("rss_peak_mb", r.process().rssPeakMb());
        g.writeNumberField("heap_used_peak_mb", r.process().heapUsedPeakMb());
        g.writeNumberField("cpu_pct", r.process().cpuPct());
        g.writeNumberField("cpu_pct_timeline", r.process().cpuPctTimeline());
        g.writeEndObject();

        if (r.platform() != null) {
            g.writeObjectFieldStart("platform");
            hist(g, "lateness_us", r.platform());
            g.writeEndObject();
        } else {
            g.writeNullField("platform");
        }

        g.writeArrayFieldStart("errors");
        for (ErrorLog.Entry e : r.errors()) {
            g.writeStartObject();
            g.writeStringField("thread", e.thread());
            g.writeStringField("source", e.source());
            g.writeStringField("message", e.message());
            g.writeNumberField("count", e.count());
            g.writeEndObject();
        }
        g.writeEndArray();

        g.writeObjectFieldStart("hlog");
        g.writeStringField("file", "timing.hlog");
        g.writeArrayFieldStart("tags");
        for (String tag : r.hlogTags()) {
            g.writeString(tag);
        }
        g.writeEndArray();
        g.writeEndObject();
        g.writeEndObject();
    }


    private static void hist(JsonGenerator g, String name, HistSummary h) throws IOException {
        if (h == null) {
            g.writeNullField(name);
            return;
        }
        g.writeObjectFieldStart(name);
        g.writeNumberField("count", h.count());
        g.writeNumberField("min", h.minUs());
        g.writeNumberField("mean", round(h.meanUs(), 3));
        g.writeNumberField("p50", h.p50Us());
        g.writeNumberField("p90", h.p90Us());
        g.writeNumberField("p99", h.p99Us());
        g.writeNumberField("p999", h.p999Us());
        g.writeNumberField("max", h.maxUs());
        g.writeEndObject();
    }

    private static double round(double v, int decimals) {
        double f = Math.pow(10, decimals);
        return Math.round(v * f) / f;
    }

    /** Lists for tests that check the schema. */
    public static List<String> topLevelFields() {
        return List.of("schema", "started_at", "duration_s", "config", "host", "sources", "stages", "end_to_end_us",
                "threads", "gc", "process", "errors");
    }
}
