package io.afferent.deploy.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code afferent report chart DIR} and {@code afferent report compare A B}. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Works with the report directories that runs write.",
        subcommands = {ReportCommand.Chart.class, ReportCommand.Compare.class})
public final class ReportCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: chart or compare");
    }

    static Path requireRun(CommandLine cl, Path dir) {
        if (!Files.isRegularFile(dir.resolve("summary.json"))) {
            throw new CommandLine.ParameterException(cl, dir + " is not a run's report directory (no summary.json)");
        }
        return dir;
    }

    @Command(name = "chart", mixinStandardHelpOptions = true,
            description = "Draws the run's charts (PNG) from its timing.hlog: percentile distributions and p99/max over time.")
    static final class Chart implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "DIR", description = "A run's report directory.")
        Path dir;

        @Override
        public Integer call() throws IOException {
            requireRun(spec.commandLine(), dir);
            if (!Files.isRegularFile(dir.resolve("timing.hlog"))) {
                throw new CommandLine.ParameterException(spec.commandLine(), dir + " has no timing.hlog (report.hlog was off)");
            }
            for (Path p : RunCharts.write(dir)) {
                spec.commandLine().getOut().println(p);
            }
            return 0;
        }
    }

    @Command(name = "compare", mixinStandardHelpOptions = true,
            description = "Compares two runs side by side: counts, and p50/p99/p99.9/max of every timing both have, with the ratio B/A.")
    static final class Compare implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "A", description = "The baseline run's report directory.")
        Path a;

        @Parameters(index = "1", paramLabel = "B", description = "The run to compare with it.")
        Path b;

        @Override
        public Integer call() throws IOException {
            ObjectMapper json = new ObjectMapper();
            JsonNode ra = json.readTree(requireRun(spec.commandLine(), a).resolve("summary.json").toFile());
            JsonNode rb = json.readTree(requireRun(spec.commandLine(), b).resolve("summary.json").toFile());
            PrintWriter out = spec.commandLine().getOut();
            out.printf("A: %s  (%s, %s s, %s)%nB: %s  (%s, %s s, %s)%n%n", a, ra.path("config").asText(),
                    ra.path("duration_s").asText(), ra.path("host").path("kernel").asText(), b,
                    rb.path("config").asText(), rb.path("duration_s").asText(), rb.path("host").path("kernel").asText());
            out.printf("%-28s %-32s %-32s %8s %8s%n", "timing (µs)", "A p50/p99/p99.9/max", "B p50/p99/p99.9/max",
                    "B/A p99", "B/A max");
            for (String[] row : timings(ra, rb)) {
                out.printf("%-28s %-32s %-32s %8s %8s%n", (Object[]) row);
            }
            out.printf("%n%-28s %14s %14s%n", "counts", "A", "B");
            for (String[] row : counts(ra, rb)) {
                out.printf("%-28s %14s %14s%n", (Object[]) row);
            }
            return 0;
        }

        private static List<String[]> timings(JsonNode a, JsonNode b) {
            List<String[]> rows = new ArrayList<>();
            for (Map.Entry<String, JsonNode> s : fields(a.path("sources"))) {
                add(rows, s.getKey() + " lateness", s.getValue().path("lateness_us"),
                        b.path("sources").path(s.getKey()).path("lateness_us"));
                add(rows, s.getKey() + " interval", s.getValue().path("interval_us"),
                        b.path("sources").path(s.getKey()).path("interval_us"));
            }
            for (Map.Entry<String, JsonNode> s : fields(a.path("stages"))) {
                add(rows, s.getKey() + " queue", s.getValue().path("queue_us"), b.path("stages").path(s.getKey()).path("queue_us"));
                add(rows, s.getKey() + " service", s.getValue().path("service_us"), b.path("stages").path(s.getKey()).path("service_us"));
            }
            for (Map.Entry<String, JsonNode> e : fields(a.path("end_to_end_us"))) {
                add(rows, "e2e " + e.getKey(), e.getValue(), b.path("end_to_end_us").path(e.getKey()));
            }
            add(rows, "platform probe", a.path("platform").path("lateness_us"), b.path("platform").path("lateness_us"));
            return rows;
        }

        private static void add(List<String[]> rows, String name, JsonNode ha, JsonNode hb) {
            if (!ha.isObject() || !hb.isObject()) {
                return;
            }
            rows.add(new String[] {name, quantiles(ha), quantiles(hb), ratio(ha, hb, "p99"), ratio(ha, hb, "max")});
        }

        private static String quantiles(JsonNode h) {
            return String.format("%s/%s/%s/%s", num(h, "p50"), num(h, "p99"), num(h, "p999"), num(h, "max"));
        }

        private static String num(JsonNode h, String f) {
            double v = h.path(f).asDouble();
            return v >= 100 ? String.format("%.0f", v) : String.format("%.1f", v);
        }

        private static String ratio(JsonNode a, JsonNode b, String f) {
            double va = a.path(f).asDouble();
            return va > 0 ? String.format("%.2f", b.path(f).asDouble() / va) : "-";
        }

        private static List<String[]> counts(JsonNode a, JsonNode b) {
            List<String[]> rows = new ArrayList<>();
            for (Map.Entry<String, JsonNode> s : fields(a.path("sources"))) {
                for (String f : List.of("samples", "dropped", "missed_periods", "rejected", "errors")) {
                    rows.add(new String[] {s.getKey() + " " + f, s.getValue().path(f).asText("-"),
                            b.path("sources").path(s.getKey()).path(f).asText("-")});
                }
            }
            for (Map.Entry<String, JsonNode> s : fields(a.path("stages"))) {
                rows.add(new String[] {s.getKey() + " deadline_misses", s.getValue().path("deadline_misses").asText("-"),
                        b.path("stages").path(s.getKey()).path("deadline_misses").asText("-")});
            }
            rows.add(new String[] {"gc pause_ms_max", a.path("gc").path("pause_ms_max").asText("-"),
                    b.path("gc").path("pause_ms_max").asText("-")});
            rows.add(new String[] {"process cpu_pct", a.path("process").path("cpu_pct").asText("-"),
                    b.path("process").path("cpu_pct").asText("-")});
            rows.add(new String[] {"process rss_peak_mb", a.path("process").path("rss_peak_mb").asText("-"),
                    b.path("process").path("rss_peak_mb").asText("-")});
            return rows;
        }

        private static List<Map.Entry<String, JsonNode>> fields(JsonNode n) {
            List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                out.add(it.next());
            }
            return out;
        }
    }
}
