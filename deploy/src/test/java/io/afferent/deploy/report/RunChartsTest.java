package io.afferent.deploy.report;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Charts from a real HdrHistogram interval log; a runtime that cannot draw text costs no file and one message. */
class RunChartsTest {
    /** Three seconds of a lateness and a stage service metric, as the reporter logs them (ns). */
    private static void writeLog(Path runDir) throws IOException {
        writeLog(runDir, List.of("source.imu.lateness", "stage.fusion.service"));
    }

    private static void writeLog(Path runDir, List<String> tags) throws IOException {
        try (PrintStream ps = new PrintStream(Files.newOutputStream(runDir.resolve("timing.hlog")))) {
            HistogramLogWriter w = new HistogramLogWriter(ps);
            w.outputLogFormatVersion();
            w.outputStartTime(1_000_000L);
            w.outputLegend();
            for (int s = 0; s < 3; s++) {
                for (String tag : tags) {
                    Histogram h = new Histogram(1, 3_600_000_000_000L, 3);
                    for (int i = 1; i <= 1000; i++) {
                        h.recordValue(10_000L + i * 37L);
                    }
                    h.setTag(tag);
                    h.setStartTimeStamp(1_000_000L + s * 1000L);
                    h.setEndTimeStamp(1_000_000L + (s + 1) * 1000L);
                    w.outputIntervalHistogram(h);
                }
            }
        }
    }

    private static List<Path> pngs(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".png")).toList();
        }
    }

    @Test
    void drawsAPercentileAndAnOverTimeChartPerGroup(@TempDir Path runDir) throws IOException {
        writeLog(runDir);
        List<Path> written = RunCharts.write(runDir);
        assertEquals(4, written.size(), "lateness and stages, two charts each: " + written);
        for (Path p : written) {
            byte[] head = Files.readAllBytes(p);
            assertTrue(head.length > 1000 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G', p + " is a PNG");
        }
    }

    @Test
    void aRunWithAnOutputGetsASensorToActuatorChartOfTheChainsEndingAtIt(@TempDir Path runDir) throws IOException {
        writeLog(runDir, List.of("stage.fusion.service", "chain.imu->fusion", "chain.imu->fusion->follow->motors",
                "chain.estop->motors"));
        Files.writeString(runDir.resolve("summary.json"), """
                {"stages": {"fusion": {"counters": {}}, "follow": {"counters": {}},
                            "motors": {"counters": {"commands_written": 10, "safe_estop": 0}}}}
                """);
        assertEquals(java.util.Set.of("motors"), RunCharts.outputs(runDir.resolve("summary.json")));
        List<String> names = RunCharts.write(runDir).stream().map(p -> p.getFileName().toString()).toList();
        assertTrue(names.containsAll(List.of("sensor-to-actuator-percentiles.png", "sensor-to-actuator-over-time.png")), names.toString());
        assertEquals("imu \u2192 fusion \u2192 follow \u2192 motors", RunCharts.label("chain.imu->fusion->follow->motors"));
    }

    @Test
    void withoutOutputsThereIsNoSensorToActuatorChart(@TempDir Path runDir) throws IOException {
        writeLog(runDir, List.of("stage.fusion.service", "chain.imu->fusion"));
        Files.writeString(runDir.resolve("summary.json"), "{\"stages\": {\"fusion\": {\"counters\": {}}}}");
        List<String> names = RunCharts.write(runDir).stream().map(p -> p.getFileName().toString()).toList();
        assertTrue(names.stream().noneMatch(n -> n.startsWith("sensor-to-actuator")), names.toString());
    }

    @Test
    void aRuntimeWithoutFontLibrariesFailsOnceNamingThePackagesAndLeavesNoFile(@TempDir Path runDir) throws IOException {
        writeLog(runDir);
        AtomicInteger attempts = new AtomicInteger();
        // What Debian's openjdk-25-jre-headless without libharfbuzz0b throws when XChart first measures text.
        ChartFiles.Encoder noFonts = chart -> {
            attempts.incrementAndGet();
            throw new UnsatisfiedLinkError("/usr/lib/jvm/java-25-openjdk-arm64/lib/libfontmanager.so: "
                    + "libharfbuzz.so.0: cannot open shared object file: No such file or directory");
        };
        ChartFiles.ChartsUnavailableException e = assertThrows(ChartFiles.ChartsUnavailableException.class,
                () -> RunCharts.write(runDir, noFonts));
        assertTrue(e.getMessage().contains("apt-get install fontconfig libharfbuzz0b fonts-dejavu-core"), e.getMessage());
        assertTrue(e.getMessage().contains("libharfbuzz.so.0"), "names what failed: " + e.getMessage());
        assertEquals(1, attempts.get(), "the first failure stops the other charts");
        assertEquals(List.of(), pngs(runDir), "no empty or partial PNG is left");
    }

    @Test
    void aFontConfigurationErrorIsReportedTheSameWay(@TempDir Path runDir) throws IOException {
        writeLog(runDir);
        ChartFiles.Encoder noFontconfig = chart -> {
            throw new InternalError("Fontconfig head is null, check your fonts or fonts configuration");
        };
        ChartFiles.ChartsUnavailableException e = assertThrows(ChartFiles.ChartsUnavailableException.class,
                () -> RunCharts.write(runDir, noFontconfig));
        assertTrue(e.getMessage().contains("fonts-dejavu-core"), e.getMessage());
        assertEquals(List.of(), pngs(runDir));
    }
}
