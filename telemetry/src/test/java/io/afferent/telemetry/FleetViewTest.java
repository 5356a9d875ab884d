package io.afferent.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.afferent.telemetry.TestRuns.MS;
import static io.afferent.telemetry.TestRuns.interval;
import static io.afferent.telemetry.TestRuns.plain;
import static io.afferent.telemetry.TestRuns.run;
import static io.afferent.telemetry.TestRuns.settings;
import static io.afferent.telemetry.TestRuns.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two robots publishing to one broker show as two rows of the fleet view, in its table and its JSON lines. */
class FleetViewTest {
    @TempDir
    Path dir;

    /** Publishes an interval every 100 ms until stopped, as a run's reporter would. */
    private static Thread reporter(TelemetryPublisher p, double imuRateHz, AtomicBoolean stop) {
        Thread t = new Thread(() -> {
            double uptime = 0;
            while (!stop.get()) {
                p.interval(interval(uptime, imuRateHz, false));
                uptime += 0.1;
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        t.start();
        return t;
    }

    @Test
    void twoPublishingRobotsAreTwoRowsAndOneThatStopsIsMarkedOffline() throws Exception {
        try (Mosquitto broker = Mosquitto.startPlain(dir)) {
            AtomicBoolean stop = new AtomicBoolean();
            TelemetryPublisher alpha = TelemetryPublisher.start(settings(plain(broker.port()).build(), "alpha", 100, List.of()),
                    run("sim-laptop"), w -> { });
            TelemetryPublisher beta = TelemetryPublisher.start(settings(plain(broker.port()).build(), "beta", 100, List.of()),
                    run("sim-faults"), w -> { });
            Thread ra = reporter(alpha, 1000.0, stop);
            Thread rb = reporter(beta, 500.0, stop);
            TestRuns.Warnings warnings = new TestRuns.Warnings();
            try (FleetView view = FleetView.start(plain(broker.port()).build(), null, warnings, Clock.systemUTC())) {
                waitFor("two robots with intervals", () -> view.rows().size() == 2
                        && view.rows().stream().allMatch(r -> r.imuRateHz() != null && r.online()));
                List<FleetRow> rows = view.rows();
                assertEquals("alpha", rows.get(0).robot());
                assertEquals("sim-laptop", rows.get(0).profile());
                assertEquals(1000.0, rows.get(0).imuRateHz());
                assertEquals(31.0, rows.get(0).worstLatenessP99Us());
                assertEquals(2, rows.get(0).deadlineMisses());
                assertEquals(3, rows.get(0).dropped());
                assertEquals(Boolean.FALSE, rows.get(0).estop());
                assertEquals("beta", rows.get(1).robot());
                assertEquals("sim-faults", rows.get(1).profile());
                assertEquals(500.0, rows.get(1).imuRateHz());

                beta.event(TelemetryEvent.estop("estop", true));
                waitFor("beta's e-stop", () -> Boolean.TRUE.equals(view.rows().get(1).estop()));
                assertEquals("estop", view.rows().get(1).lastEventKind());

                stop.set(true);
                ra.join();
                alpha.close(1_000 * MS);
                waitFor("alpha offline", () -> !view.rows().get(0).online());
                assertEquals("offline", view.rows().get(0).state());
                assertEquals("stopped", view.rows().get(0).offlineReason());

                String table = view.table();
                System.out.print(table);
                String[] lines = table.split("\n");
                assertTrue(lines[0].contains("2 robots, 1 online"), table);
                assertTrue(lines[1].startsWith("ROBOT"), table);
                assertTrue(lines[2].startsWith("alpha") && lines[2].contains("OFFLINE") && lines[2].contains("sim-laptop"), table);
                assertTrue(lines[3].startsWith("beta") && lines[3].contains("online") && lines[3].contains("500.0")
                        && lines[3].contains("ACTIVE") && lines[3].contains("estop: estop e-stop pressed"), table);
                assertTrue(warnings.lines.isEmpty(), warnings.toString());
            } finally {
                stop.set(true);
                rb.join();
                beta.close(1_000 * MS);
            }
        }
    }

    /** A wall clock the test moves by hand. */
    private static final class MovableClock extends Clock {
        private volatile java.time.Instant now = java.time.Instant.now();

        void advance(java.time.Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public java.time.Instant instant() {
            return now;
        }
    }

    @Test
    void anOnlineRobotThatSaysNothingForTenSecondsIsSilent() throws Exception {
        try (Mosquitto broker = Mosquitto.startPlain(dir)) {
            TelemetryPublisher quiet = TelemetryPublisher.start(settings(plain(broker.port()).build(), "quiet", 100, List.of()),
                    run("sim-laptop"), w -> { });
            MovableClock clock = new MovableClock();
            try (FleetView view = FleetView.start(plain(broker.port()).build(), null, w -> { }, clock)) {
                waitFor("quiet online", () -> view.rows().size() == 1 && view.rows().get(0).online());
                clock.advance(java.time.Duration.ofSeconds(9));
                assertEquals("online", view.rows().get(0).state());
                clock.advance(java.time.Duration.ofSeconds(2));
                assertEquals("silent", view.rows().get(0).state());
                assertTrue(view.table().split("\n")[2].contains("SILENT"), view.table());
            } finally {
                quiet.close(1_000 * MS);
            }
        }
    }

    @Test
    void theFleetCommandPrintsJsonLinesWithARowPerRobot() throws Exception {
        try (Mosquitto broker = Mosquitto.startPlain(dir)) {
            AtomicBoolean stop = new AtomicBoolean();
            TelemetryPublisher alpha = TelemetryPublisher.start(settings(plain(broker.port()).build(), "alpha", 100, List.of()),
                    run("sim-laptop"), w -> { });
            TelemetryPublisher beta = TelemetryPublisher.start(settings(plain(broker.port()).build(), "beta", 100, List.of()),
                    run("sim-gpio"), w -> { });
            Thread ra = reporter(alpha, 1000.0, stop);
            Thread rb = reporter(beta, 200.0, stop);
            try {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ByteArrayOutputStream err = new ByteArrayOutputStream();
                int code = new CommandLine(new FleetCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8), false))
                        .execute("--broker", "tcp://127.0.0.1:" + broker.port(), "--json", "--duration", "3s");
                assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
                ObjectMapper json = new ObjectMapper();
                Map<String, JsonNode> lastRow = new TreeMap<>();
                int lines = 0;
                for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
                    if (line.isBlank()) continue;
                    JsonNode n = json.readTree(line);
                    lines++;
                    assertTrue(n.has("topic") && n.has("payload") && n.has("received_at"), line);
                    lastRow.put(n.get("robot").asText(), n.get("row"));
                }
                System.out.println("fleet --json: " + lines + " lines, rows " + lastRow);
                assertEquals(List.of("alpha", "beta"), List.copyOf(lastRow.keySet()));
                assertEquals("online", lastRow.get("alpha").get("state").asText());
                assertEquals(1000.0, lastRow.get("alpha").get("imu_rate_hz").asDouble());
                assertEquals("sim-gpio", lastRow.get("beta").get("profile").asText());
                assertEquals(200.0, lastRow.get("beta").get("imu_rate_hz").asDouble());
            } finally {
                stop.set(true);
                ra.join();
                rb.join();
                alpha.close(1_000 * MS);
                beta.close(1_000 * MS);
            }
        }
    }

    @Test
    void aBadBrokerUrlIsAUsageError() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandLine cl = new CommandLine(new FleetCommand(System.out, System.err, false));
        cl.setErr(new java.io.PrintWriter(err, true, StandardCharsets.UTF_8));
        int code = cl.execute("--broker", "http://x");
        assertEquals(2, code);
        String text = err.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("--broker http://x: scheme 'http' is not supported (allowed: tcp://HOST[:PORT]"), text);
    }
}
