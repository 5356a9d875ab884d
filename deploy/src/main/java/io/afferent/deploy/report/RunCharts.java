package io.afferent.deploy.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Charts of a run, drawn from its {@code timing.hlog}: for each group of metrics (reader lateness,
 * stage service and queue time, end-to-end latency, and, when the run has outputs, sensor-to-actuator latency per
 * chain) the percentile distribution on the usual HdrHistogram axis (1/(1-p), log scale), and the p99 and max of
 * every interval over the run.
 */
public final class RunCharts {
    private record Group(String file, String title, Predicate<String> tags) {
    }

    private static final List<Group> GROUPS = List.of(
            new Group("lateness", "Reader wake-up lateness", t -> t.endsWith(".lateness")),
            new Group("stages", "Stage queue and service time", t -> t.startsWith("stage.")),
            new Group("end-to-end", "End to end: acquisition to fused output", t -> t.startsWith("e2e.")));

    private RunCharts() {
    }

    /**
     * Writes the charts next to the log; returns the files written. Throws
     * {@link ChartFiles.ChartsUnavailableException} at the first chart this Java runtime cannot draw (no
     * font libraries), without trying the others; a chart that could not be drawn leaves no file.
     */
    public static List<Path> write(Path runDir) throws IOException {
        return write(runDir, ChartFiles.XCHART);
    }

    static List<Path> write(Path runDir, ChartFiles.Encoder encoder) throws IOException {
        Map<String, TimingLog.Metric> metrics = TimingLog.read(runDir.resolve("timing.hlog"));
        List<Path> written = new ArrayList<>();
        List<Group> groups = new ArrayList<>(GROUPS);
        Set<String> outputs = outputs(runDir.resolve("summary.json"));
        if (!outputs.isEmpty()) {
            groups.add(new Group("sensor-to-actuator", "Sensor to actuator: acquisition to the output's write, per chain",
                    t -> t.startsWith("chain.") && outputs.contains(t.substring(t.lastIndexOf("->") + 2))));
        }
        for (Group g : groups) {
            List<TimingLog.Metric> chosen = metrics.values().stream().filter(m -> g.tags().test(m.tag())).toList();
            if (chosen.isEmpty() || chosen.stream().allMatch(m -> m.total().getTotalCount() == 0)) {
                continue;
            }
            Path dist = runDir.resolve(g.file() + "-percentiles.png");
            ChartFiles.save(() -> percentiles(g.title(), chosen), dist, encoder);
            written.add(dist);
            Path time = runDir.resolve(g.file() + "-over-time.png");
            ChartFiles.save(() -> overTime(g.title(), chosen), time, encoder);
            written.add(time);
        }
        return written;
    }

    private static XYChart percentiles(String title, List<TimingLog.Metric> metrics) {
        XYChart chart = new XYChartBuilder().width(900).height(500).title(title + ": percentile distribution")
                .xAxisTitle("percentile (1/(1-p): 10 = p90, 100 = p99, 1000 = p99.9)").yAxisTitle("µs").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        for (TimingLog.Metric m : metrics) {
            Histogram h = m.total();
            if (h.getTotalCount() == 0) {
                continue;
            }
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (HistogramIterationValue v : h.percentiles(5)) {
                double p = v.getPercentileLevelIteratedTo() / 100.0;
                if (p >= 1.0) {
                    break;
                }
                xs.add(1 / (1 - p));
                ys.add(Math.max(0.01, h.highestEquivalentValue(v.getValueIteratedTo()) / 1000.0));
            }
            if (!xs.isEmpty()) {
                chart.addSeries(label(m.tag()), xs, ys).setMarker(SeriesMarkers.NONE);
            }
        }
        return chart;
    }

    private static XYChart overTime(String title, List<TimingLog.Metric> metrics) {
        XYChart chart = new XYChartBuilder().width(900).height(500).title(title + ": p99 and max per interval")
                .xAxisTitle("s since start").yAxisTitle("µs").build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        for (TimingLog.Metric m : metrics) {
            List<Double> t = new ArrayList<>();
            List<Double> p99 = new ArrayList<>();
            List<Double> max = new ArrayList<>();
            for (TimingLog.Interval i : m.intervals()) {
                if (i.count() == 0) {
                    continue;
                }
                t.add(i.startS());
                p99.add(Math.max(0.01, i.p99Us()));
                max.add(Math.max(0.01, i.maxUs()));
            }
            if (!t.isEmpty()) {
                chart.addSeries(label(m.tag()) + " p99", t, p99).setMarker(SeriesMarkers.NONE);
                chart.addSeries(label(m.tag()) + " max", t, max).setMarker(SeriesMarkers.NONE);
            }
        }
        return chart;
    }

    /**
     * The output stages of the run (those with the output layer's {@code commands_written} counter), from its
     * summary.json; empty without one (charts redrawn from a bare .hlog).
     */
    static Set<String> outputs(Path summary) throws IOException {
        Set<String> out = new LinkedHashSet<>();
        if (!Files.isRegularFile(summary)) {
            return out;
        }
        JsonNode stages = new ObjectMapper().readTree(summary.toFile()).path("stages");
        for (Map.Entry<String, JsonNode> e : stages.properties()) {
            if (e.getValue().path("counters").has("commands_written")) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    /**
     * {@code source.imu.lateness} → {@code imu}, {@code stage.fusion.service} → {@code fusion service},
     * {@code chain.imu->fusion->motors} → {@code imu → fusion → motors}.
     */
    static String label(String tag) {
        if (tag.startsWith("chain.")) {
            return tag.substring("chain.".length()).replace("->", " \u2192 ");
        }
        String[] parts = tag.split("\\.");
        return switch (parts[0]) {
            case "source" -> parts[1];
            case "stage" -> parts[1] + " " + parts[parts.length - 1];
            case "e2e" -> parts[parts.length - 1];
            default -> tag;
        };
    }
}
