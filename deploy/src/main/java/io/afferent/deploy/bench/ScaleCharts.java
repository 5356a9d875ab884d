package io.afferent.deploy.bench;

import io.afferent.runtime.thread.Log;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The two charts of {@code bench scale}: CPU against samples per second, and timing against the number of sources. */
final class ScaleCharts {
    private ScaleCharts() {
    }

    static void write(Path dir, List<ScaleStep> steps) {
        try {
            System.setProperty("java.awt.headless", "true");
            List<ScaleStep> sources = steps.stream().filter(s -> s.rateHz() == 1000).toList();
            List<ScaleStep> rates = steps.stream().filter(s -> s.sources() == 1).toList();
            XYChart cpu = new XYChartBuilder().width(900).height(500).title("CPU against samples per second")
                    .xAxisTitle("samples per second (thousands)").yAxisTitle("% of one core").build();
            if (!sources.isEmpty()) {
                cpu.addSeries("N sources at 1 kHz", sources.stream().map(s -> s.samplesPerS() / 1000).toList(),
                        sources.stream().map(ScaleStep::cpuPct).toList()).setMarker(SeriesMarkers.CIRCLE);
            }
            if (rates.size() > 1) {
                cpu.addSeries("1 source, 1-20 kHz", rates.stream().map(s -> s.samplesPerS() / 1000).toList(),
                        rates.stream().map(ScaleStep::cpuPct).toList()).setMarker(SeriesMarkers.DIAMOND);
            }
            io.afferent.deploy.report.ChartFiles.save(cpu, dir.resolve("scale-cpu.png"));
            if (sources.isEmpty()) {
                return;
            }
            XYChart lat = new XYChartBuilder().width(900).height(500).title("Timing against the number of 1 kHz sources")
                    .xAxisTitle("sources").yAxisTitle("µs").build();
            lat.getStyler().setXAxisLogarithmic(true);
            lat.getStyler().setYAxisLogarithmic(true);
            List<Double> n = sources.stream().map(s -> (double) s.sources()).toList();
            lat.addSeries("reader lateness p99", n, sources.stream().map(ScaleStep::latenessP99).toList());
            lat.addSeries("stage queue p99.9", n, sources.stream().map(ScaleStep::queueP999).toList());
            lat.addSeries("end to end p99.9", n, sources.stream().map(ScaleStep::e2eP999).toList());
            lat.addSeries("platform probe p99", n, sources.stream().map(ScaleStep::platformP99).toList());
            io.afferent.deploy.report.ChartFiles.save(lat, dir.resolve("scale-lateness.png"));
        } catch (IOException | RuntimeException | LinkageError e) {
            Log.warn("scale charts not drawn (" + e + "); the figures are in scale.json");
        }
    }
}
