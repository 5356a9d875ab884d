package io.afferent.deploy.calibrate;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.afferent.runtime.calibrate.CalibrationConfig;
import io.afferent.runtime.calibrate.CalibrationResult;
import io.afferent.runtime.calibrate.LatenessStats;
import io.afferent.runtime.rt.CpuList;
import io.afferent.runtime.rt.ThreadState;
import io.afferent.runtime.timing.HistSummary;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Prints a calibration and writes its {@code afferent.calibrate/1} JSON. Stateless. */
final class CalibrationReport {
    static final String SCHEMA = "afferent.calibrate/1";

    /** The cyclictest side, when it ran. */
    record CyclictestRun(List<String> command, LatenessStats stats) {
    }

    private CalibrationReport() {
    }

    static void printText(PrintWriter out, CalibrationConfig config, CalibrationResult result, boolean dmaLatencyHeld,
                          CyclictestRun cyclictest) {
        for (CalibrationResult.ThreadResult t : result.threads()) {
            out.printf(Locale.ROOT, "thread %s: in force %s; CPU %.1f%% of a core; early wake-ups %d%n", t.name(),
                    t.inForce().describe(), t.cpuPercent(), t.early());
        }
        out.printf(Locale.ROOT, "%-12s %8s %8s %8s %8s %8s %8s %8s %10s%n", "lateness us", "min", "p50", "p90", "p99",
                "p99.9", "max", "mean", "count");
        LatenessStats ours = result.stats();
        row(out, "afferent", ours.lateness());
        if (cyclictest != null) {
            row(out, "cyclictest", cyclictest.stats().lateness());
            HistSummary o = ours.lateness();
            HistSummary ct = cyclictest.stats().lateness();
            out.printf(Locale.ROOT, "%-12s %8s %8s %8s %8s %8s %8s %8s%n", "ratio", ratio(o.minUs(), ct.minUs()),
                    ratio(o.p50Us(), ct.p50Us()), ratio(o.p90Us(), ct.p90Us()), ratio(o.p99Us(), ct.p99Us()),
                    ratio(o.p999Us(), ct.p999Us()), ratio(o.maxUs(), ct.maxUs()), ratio(o.meanUs(), ct.meanUs()));
            out.println("(ratio = afferent / cyclictest; cyclictest has 1 us buckets)");
            out.println("cyclictest command: " + String.join(" ", cyclictest.command()));
        }
        out.println("early (spurious) wake-ups, not in the histogram: " + ours.early()
                + "; cpu_dma_latency held at 0 us: " + (dmaLatencyHeld ? "yes" : "no"));
        out.flush();
    }

    private static void row(PrintWriter out, String name, HistSummary s) {
        out.printf(Locale.ROOT, "%-12s %8.1f %8.1f %8.1f %8.1f %8.1f %8.1f %8.1f %10d%n", name, s.minUs(), s.p50Us(),
                s.p90Us(), s.p99Us(), s.p999Us(), s.maxUs(), s.meanUs(), s.count());
    }

    static String ratio(double ours, double theirs) {
        return theirs <= 0 ? "-" : String.format(Locale.ROOT, "%.2f", ours / theirs);
    }

    static void writeJson(Path file, CalibrationConfig config, CalibrationResult result, boolean dmaLatencyHeld,
                          CyclictestRun cyclictest, String cyclictestNote) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (JsonGenerator g = new JsonFactory().createGenerator(file.toFile(), JsonEncoding.UTF8)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("schema", SCHEMA);
            g.writeStringField("implementation", result.implementation());
            g.writeObjectFieldStart("host");
            g.writeStringField("os", System.getProperty("os.name"));
            g.writeStringField("kernel", System.getProperty("os.version"));
            g.writeStringField("arch", System.getProperty("os.arch"));
            g.writeNumberField("cpus", Runtime.getRuntime().availableProcessors());
            g.writeStringField("jdk", Runtime.version().toString());
            g.writeEndObject();
            g.writeObjectFieldStart("config");
            g.writeNumberField("rate_hz", config.rateHz());
            g.writeNumberField("period_us", config.periodNs() / 1e3);
            g.writeNumberField("duration_s", config.durationNs() / 1e9);
            g.writeNumberField("threads", config.threads());
            g.writeStringField("policy", config.request().policy());
            g.writeNumberField("priority", config.request().priority());
            g.writeNumberField("nice", config.request().nice());
            g.writeStringField("cpus", CpuList.format(config.request().cpus()));
            g.writeNumberField("spin_us", config.spinNs() / 1e3);
            g.writeNumberField("timer_slack_ns", config.request().timerSlackNs());
            g.writeBooleanField("mlockall", config.lockMemory());
            g.writeNumberField("jit_warmup_wakeups", config.jitWarmupWakeups());
            g.writeEndObject();
            if (result.memory() != null) {
                g.writeBooleanField("memory_locked", result.memory().memoryLocked());
            }
            g.writeBooleanField("cpu_dma_latency_held", dmaLatencyHeld);
            g.writeArrayFieldStart("warnings");
            for (String w : result.warnings()) {
                g.writeString(w);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("threads");
            for (CalibrationResult.ThreadResult t : result.threads()) {
                g.writeStartObject();
                g.writeStringField("name", t.name());
                writeThreadState(g, t.inForce());
                g.writeNumberField("cpu_percent", Math.round(t.cpuPercent() * 10) / 10.0);
                g.writeNumberField("early", t.early());
                g.writeFieldName("lateness_us");
                t.stats().writeJson(g);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeFieldName("lateness_us");
            result.stats().writeJson(g);
            g.writeNumberField("early", result.stats().early());
            if (cyclictest != null) {
                g.writeObjectFieldStart("cyclictest");
                g.writeStringField("command", String.join(" ", cyclictest.command()));
                g.writeFieldName("lateness_us");
                cyclictest.stats().writeJson(g);
                HistSummary o = result.stats().lateness();
                HistSummary c = cyclictest.stats().lateness();
                g.writeObjectFieldStart("ratio");
                ratioField(g, "p50", o.p50Us(), c.p50Us());
                ratioField(g, "p90", o.p90Us(), c.p90Us());
                ratioField(g, "p99", o.p99Us(), c.p99Us());
                ratioField(g, "p999", o.p999Us(), c.p999Us());
                ratioField(g, "max", o.maxUs(), c.maxUs());
                g.writeEndObject();
                g.writeEndObject();
            } else if (cyclictestNote != null) {
                g.writeObjectFieldStart("cyclictest");
                g.writeStringField("note", cyclictestNote);
                g.writeEndObject();
            }
            g.writeEndObject();
        }
    }

    static void writeThreadState(JsonGenerator g, ThreadState s) throws IOException {
        g.writeNumberField("tid", s.tid());
        g.writeStringField("policy", s.policy());
        g.writeNumberField("priority", s.priority());
        g.writeNumberField("nice", s.nice());
        g.writeStringField("affinity", CpuList.format(s.affinity()));
        g.writeNumberField("timer_slack_ns", s.timerSlackNs());
    }

    private static void ratioField(JsonGenerator g, String name, double ours, double theirs) throws IOException {
        if (theirs > 0) {
            g.writeNumberField(name, Math.round(ours / theirs * 100) / 100.0);
        } else {
            g.writeNullField(name);
        }
    }
}
