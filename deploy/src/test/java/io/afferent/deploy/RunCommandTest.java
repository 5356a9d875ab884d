package io.afferent.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CLI in-process, as a user runs it; checks outcomes and counts, never timings. */
class RunCommandTest {
    static final Path PROFILES = Cli.PROFILES;

    private final Cli cli = new Cli();
    private final ByteArrayOutputStream out = cli.out;
    private final ByteArrayOutputStream err = cli.err;

    private int run(String... args) {
        return cli.run(args);
    }

    static JsonNode onlySummary(Path reportDir) throws IOException {
        try (Stream<Path> runs = Files.list(reportDir)) {
            List<Path> dirs = runs.toList();
            assertEquals(1, dirs.size(), "one run directory: " + dirs);
            assertTrue(Files.size(dirs.getFirst().resolve("timing.hlog")) > 0);
            return new ObjectMapper().readTree(dirs.getFirst().resolve("summary.json").toFile());
        }
    }

    @Test
    void runsTheSimProfileAndWritesTheSummaryContract(@TempDir Path reports) throws IOException {
        int code = run("run", PROFILES.resolve("sim-laptop.yaml").toString(), "--duration", "3s",
                "--report-dir", reports.toString());
        assertEquals(0, code, err.toString());
        JsonNode s = onlySummary(reports);
        assertEquals("afferent.summary/1", s.get("schema").asText());
        for (String field : List.of("started_at", "duration_s", "config", "host", "sources", "stages", "end_to_end_us",
                "threads", "gc", "process", "errors")) {
            assertNotNull(s.get(field), field);
        }
        for (String field : List.of("os", "arch", "cpus", "kernel", "java")) {
            assertNotNull(s.get("host").get(field), "host." + field);
        }
        double duration = s.get("duration_s").asDouble();
        for (String name : List.of("imu", "wheels", "gps")) {
            JsonNode src = s.get("sources").get(name);
            long samples = src.get("samples").asLong();
            double rate = src.get("configured_rate_hz").asDouble();
            // Every point of the timeline that passed is either a sample or a counted missed period.
            long timelinePoints = samples + src.get("missed_periods").asLong();
            assertEquals(rate * duration, timelinePoints, rate * duration * 0.1 + 2, name + " timeline points");
            assertEquals(samples, src.get("consumed").asLong() + src.get("dropped").asLong(), name);
            for (String field : List.of("samples", "dropped", "rejected", "errors", "rate_hz", "caught_up")) {
                assertTrue(src.get(field).isNumber(), name + "." + field);
            }
            assertHist(src.get("lateness_us"));
            assertHist(src.get("lateness_after_warmup_us"));
            assertTrue(src.get("lateness_after_warmup_us").get("count").asLong() < src.get("lateness_us").get("count").asLong());
            assertHist(src.get("interval_us"));
        }
        JsonNode fusion = s.get("stages").get("fusion");
        assertEquals(200, fusion.get("deadline_us").asLong());
        assertTrue(fusion.get("deadline_misses").isNumber());
        assertHist(fusion.get("queue_us"));
        assertHist(fusion.get("service_us"));
        long consumed = 0;
        for (JsonNode src : s.get("sources")) consumed += src.get("consumed").asLong();
        assertEquals(consumed, fusion.get("events").asLong());
        for (String input : List.of("fusion/imu", "fusion/wheels", "fusion/gps")) {
            assertHist(s.get("end_to_end_us").get(input));
        }
        for (String thread : List.of("reader-imu", "reader-slow-sensors", "stage-fusion")) {
            JsonNode t = s.get("threads").get(thread);
            assertNotNull(t, thread);
            for (String field : List.of("policy", "priority", "affinity", "cpu_time_s", "allocated_bytes")) {
                assertNotNull(t.get(field), thread + "." + field);
            }
        }
        for (String field : List.of("collections", "pause_ms_total", "pause_ms_max")) {
            assertTrue(s.get("gc").get(field).isNumber(), "gc." + field);
        }
        for (String field : List.of("rss_peak_mb", "heap_used_peak_mb", "cpu_pct")) {
            assertTrue(s.get("process").get(field).isNumber(), "process." + field);
        }
        assertEquals(0, s.get("errors").size());
        // Simulated: fusion is scored against the simulator's ground truth.
        JsonNode score = s.get("fusion");
        for (String field : List.of("position_rms_m", "position_max_m", "heading_rms_deg")) {
            assertTrue(score.get(field).isNumber(), "fusion." + field + " in " + score);
        }
        assertTrue(score.has("gps_outage_error_m"));
        assertTrue(s.get("faults").isArray());
        assertTrue(s.get("threads").has("sink-fusion-score"));
        String table = out.toString();
        assertTrue(table.contains("Sources") && table.contains("Stages") && table.contains("fusion/imu"), table);
    }

    static void assertHist(JsonNode h) {
        assertNotNull(h);
        for (String f : List.of("count", "min", "mean", "p50", "p90", "p99", "p999", "max")) {
            assertTrue(h.get(f).isNumber(), f + " in " + h);
        }
        assertTrue(h.get("count").asLong() > 0, h.toString());
        assertTrue(h.get("min").asDouble() <= h.get("p50").asDouble() && h.get("p50").asDouble() <= h.get("max").asDouble());
    }

    @Test
    void theFusedOutputGoesToACsvSinkOnItsOwnThread(@TempDir Path dir) throws IOException {
        Path profile = dir.resolve("csv.yaml");
        Files.writeString(profile, Files.readString(PROFILES.resolve("sim-laptop.yaml"))
                .replace("    on_error: stop\n", "    on_error: stop\n    params: {csv_file: fused.csv, csv_every: 10}\n"));
        assertEquals(0, run("run", profile.toString(), "--duration", "2s", "--report-dir", dir.resolve("r").toString()), err.toString());
        JsonNode s = onlySummary(dir.resolve("r"));
        Path runDir;
        try (Stream<Path> runs = Files.list(dir.resolve("r"))) {
            runDir = runs.findFirst().orElseThrow();
        }
        List<String> lines = Files.readAllLines(runDir.resolve("fused.csv"));
        assertTrue(lines.getFirst().startsWith("time_s,x_m,y_m,lat_deg,lon_deg,heading_deg"), lines.getFirst());
        // What the CSV sink received (a lagging subscriber of topic pose): every 10th is written, and the sink drains
        // the ring at shutdown.
        JsonNode csvSub = s.get("topics").get("pose").get("subscribers").get("sink fusion-csv");
        long delivered = csvSub.get("consumed").asLong();
        assertTrue(delivered > 0);
        assertEquals(s.get("topics").get("pose").get("published").asLong() - s.get("topics").get("pose").get("dropped").asLong(),
                delivered + csvSub.get("dropped").asLong(), "exact accounting of the lagging subscriber");
        assertEquals((delivered + 9) / 10, lines.size() - 1);
        assertTrue(s.get("threads").has("sink-fusion-csv"), s.get("threads").toString());
    }

    @Test
    void aReaderIsComparedWithCyclictestInTheSameSitting(@TempDir Path dir) throws IOException {
        // The real-time profile without mlockall (this is the test JVM).
        Path profile = Files.writeString(dir.resolve("rt.yaml"),
                Files.readString(PROFILES.resolve("sim-laptop-rt.yaml")).replace("lock_memory: true", "lock_memory: false"));
        int code = run("run", profile.toString(), "--duration", "2s", "--report-dir", dir.resolve("r").toString(),
                "--vs-cyclictest", "imu");
        if (io.afferent.deploy.calibrate.Cyclictest.find().isPresent()) {
            assertEquals(0, code, err.toString());
            String o = out.toString();
            assertTrue(o.contains("--policy=fifo -p 80 -a 1"), o);
            assertTrue(o.contains("afferent imu") && o.contains("ratio, whole run"), o);
        } else {
            assertEquals(1, code);
            assertTrue(err.toString().contains("rt-tests"), err.toString());
        }
        assertEquals(2, run("run", profile.toString(), "--vs-cyclictest", "nosuch"));
        assertTrue(err.toString().contains("no periodic source named 'nosuch'"), err.toString());
    }

    @Test
    void chartsAreDrawnAndTwoRunsCompare(@TempDir Path reports) throws IOException {
        Path profile = PROFILES.resolve("sim-laptop.yaml");
        assertEquals(0, run("run", profile.toString(), "--duration", "2s", "--report-dir", reports.resolve("a").toString()));
        assertEquals(0, run("run", profile.toString(), "--duration", "2s", "--report-dir", reports.resolve("b").toString()));
        Path a;
        Path b;
        try (Stream<Path> s = Files.list(reports.resolve("a")); Stream<Path> t = Files.list(reports.resolve("b"))) {
            a = s.findFirst().orElseThrow();
            b = t.findFirst().orElseThrow();
        }
        for (String chart : List.of("lateness-percentiles.png", "lateness-over-time.png", "stages-percentiles.png",
                "end-to-end-over-time.png")) {
            byte[] png = Files.readAllBytes(a.resolve(chart));
            assertTrue(png.length > 1000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', chart);
        }
        out.reset();
        assertEquals(0, run("report", "chart", b.toString()));
        assertTrue(out.toString().contains("lateness-percentiles.png"), out.toString());
        out.reset();
        assertEquals(0, run("report", "compare", a.toString(), a.toString()));
        String table = out.toString();
        assertTrue(table.contains("imu lateness") && table.contains("fusion service") && table.contains("e2e fusion/gps"), table);
        assertTrue(table.lines().filter(l -> l.startsWith("imu lateness")).allMatch(l -> l.trim().endsWith("1.00     1.00")), table);
        assertEquals(0, run("report", "compare", a.toString(), b.toString()));
        assertEquals(2, run("report", "compare", a.toString(), reports.toString()));
        assertTrue(err.toString().contains("is not a run's report directory (no summary.json)"), err.toString());
    }

    @Test
    void injectedFaultsAreListedInTheReportWithTheirTimes(@TempDir Path dir) throws IOException {
        Path profile = dir.resolve("faults.yaml");
        Files.writeString(profile, Files.readString(PROFILES.resolve("sim-laptop.yaml")).replace("      sigma_m: 2.5",
                "      faults: [{type: dropout, at: 500ms, duration: 300ms}, {type: stuck, at: 1s, duration: 200ms}]\n      sigma_m: 2.5"));
        assertEquals(0, run("run", profile.toString(), "--duration", "2s", "--report-dir", dir.resolve("r").toString()), err.toString());
        JsonNode faults = onlySummary(dir.resolve("r")).get("faults");
        assertEquals(2, faults.size(), faults.toString());
        assertEquals("gps", faults.get(0).get("sensor").asText());
        assertEquals("dropout", faults.get(0).get("fault").asText());
        assertEquals(0.5, faults.get(0).get("t_s").asDouble(), 1e-9);
        assertEquals("stuck", faults.get(1).get("fault").asText());
        assertTrue(out.toString().contains("Faults injected"), out.toString());
    }

    @Test
    void badConfigurationExitsWith2AndAMessageWithoutStackTrace(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, Files.readString(PROFILES.resolve("sim-laptop.yaml")).replace("ring_size: 4096", "ring_size: 4000"));
        assertEquals(2, run("run", bad.toString(), "--report-dir", dir.resolve("r").toString()));
        String e = err.toString();
        assertTrue(e.startsWith("afferent: configuration error: " + bad + ":"), e);
        assertTrue(e.contains("sources.imu.ring_size: 4000 is not a power of two"), e);
        assertFalse(e.contains("\tat "), "no stack trace: " + e);
        assertFalse(Files.exists(dir.resolve("r")), "nothing written for a bad configuration");
    }

    @Test
    void unknownParamsKeyIsAConfigurationError(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, Files.readString(PROFILES.resolve("sim-laptop.yaml")).replace("sigma_m: 2.5", "sigma: 2.5"));
        assertEquals(2, run("run", bad.toString()));
        assertTrue(err.toString().contains("sources.gps.params.sigma: unknown key in sources.gps.params (allowed: sigma_m, "),
                err.toString());
    }

    @Test
    void aSerialDeviceMissingAtStartExitsWith1NamingThePath(@TempDir Path dir) throws IOException {
        Path profile = dir.resolve("serial.yaml");
        Files.writeString(profile, """
                sources:
                  gps:
                    type: nmea-serial
                    params: {port: /dev/serial/by-id/no-such-gps, baud: 9600}
                stages:
                  fusion: {type: fusion, inputs: [gps], deadline_us: 500}
                """);
        assertEquals(1, run("run", profile.toString(), "--duration", "30s", "--report-dir", dir.resolve("r").toString()));
        JsonNode s = onlySummary(dir.resolve("r"));
        String reason = s.get("stop_reason").asText();
        assertTrue(reason.startsWith("source gps could not be opened: "), reason);
        assertTrue(reason.contains("/dev/serial/by-id/no-such-gps") && reason.contains("dialout"), reason);
        assertEquals(1, s.get("sources").get("gps").get("errors").asLong());
        assertEquals(1, s.get("exit_code").asInt());
    }

    @Test
    void missingConfigFileExitsWith2() {
        assertEquals(2, run("run", "/no/such/profile.yaml"));
        assertEquals("afferent: configuration error: /no/such/profile.yaml: no such file\n", err.toString());
    }

    @Test
    void badUsageExitsWith2WithHelp() {
        assertEquals(2, run("run"));
        assertTrue(err.toString().contains("Missing required parameter: 'CONFIG'"), err.toString());
        assertEquals(2, run("run", "x.yaml", "--duration", "soon"));
        assertTrue(err.toString().contains("'soon' is not a duration"), err.toString());
        assertEquals(2, run("frobnicate"));
        assertEquals(2, run());
    }

    @Test
    void helpAndVersionExitWith0() {
        assertEquals(0, run("--help"));
        assertTrue(out.toString().contains("run") && out.toString().contains("Exit codes"), out.toString());
        assertEquals(0, run("run", "--help"));
        assertTrue(out.toString().contains("--duration") && out.toString().contains("--report-dir"));
        assertEquals(0, run("--version"));
        assertTrue(out.toString().contains("afferent"));
    }
}
