package io.afferent.deploy.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import io.afferent.deploy.Cli;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code afferent run} with {@code telemetry:} against a real Mosquitto started here (CI installs it): a
 * sim-laptop run publishes its status, intervals, events, the configured pose topic and its summary with the
 * documented payloads (telemetry/PAYLOADS.md); an unreachable broker is a warning and the run still reports;
 * a bad broker URL is a configuration error.
 */
class RunTelemetryTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aSimRunPublishesStatusIntervalsPoseAndSummary(@TempDir Path dir) throws Exception {
        try (TestBroker broker = TestBroker.start(dir.resolve("broker"))) {
            int port = broker.port();
            List<Received> got = new ArrayList<>();
            Mqtt5AsyncClient sub = Mqtt5Client.builder().identifier("test-sub-" + System.nanoTime())
                    .serverHost("127.0.0.1").serverPort(port).buildAsync();
            sub.publishes(MqttGlobalPublishFilter.SUBSCRIBED, p -> {
                synchronized (got) {
                    got.add(new Received(p.getTopic().toString(), p.isRetain(), readJson(p.getPayloadAsBytes())));
                }
            });
            sub.connect().get(10, TimeUnit.SECONDS);
            sub.subscribeWith().topicFilter("afferent/#").qos(MqttQos.AT_LEAST_ONCE).send().get(10, TimeUnit.SECONDS);

            Path profile = profileWith(dir, "telemetry:\n  mqtt:\n    broker: tcp://127.0.0.1:" + port + "\n"
                    + "    robot: rover-t1\n    topics: [{topic: pose, rate_hz: 5}]\n");
            Cli cli = new Cli();
            int code = cli.run("run", profile.toString(), "--duration", "3s", "--report-dir", dir.resolve("r").toString());
            assertEquals(0, code, cli.err.toString());
            // close() waited for the broker's acknowledgements; give the subscriber's side a bounded moment.
            awaitTopic(got, "afferent/rover-t1/summary");
            sub.disconnect().get(5, TimeUnit.SECONDS);

            List<Received> all;
            synchronized (got) {
                all = new ArrayList<>(got);
            }
            List<JsonNode> status = on(all, "afferent/rover-t1/status");
            assertTrue(status.stream().anyMatch(s -> s.path("state").asText().equals("online")
                    && s.path("profile").asText().equals("sim-laptop-telemetry")), "online status: " + status);
            JsonNode last = status.get(status.size() - 1);
            assertEquals("offline", last.path("state").asText());
            assertEquals("stopped", last.path("reason").asText());

            List<JsonNode> intervals = on(all, "afferent/rover-t1/interval");
            assertTrue(intervals.size() >= 2, "interval messages: " + intervals.size());
            JsonNode iv = intervals.get(intervals.size() - 1);
            assertEquals("afferent.telemetry.interval/1", iv.path("schema").asText());
            JsonNode imu = iv.path("sources").path("imu");
            assertEquals("imu", imu.path("kind").asText());
            assertTrue(imu.path("samples").asLong() > 0, iv.toString());
            assertTrue(imu.path("connected").asBoolean(), iv.toString());
            JsonNode lateness = imu.path("lateness_us");
            assertTrue(lateness.path("p50").isNumber() && lateness.path("p99").isNumber() && lateness.path("max").isNumber(), iv.toString());
            assertTrue(lateness.path("p99").asDouble() <= lateness.path("max").asDouble(), iv.toString());
            JsonNode fusion = iv.path("stages").path("fusion");
            assertEquals(200, fusion.path("deadline_us").asLong());
            assertTrue(fusion.path("events").asLong() > 0, iv.toString());
            assertTrue(fusion.path("service_us").path("p99").isNumber(), iv.toString());
            assertTrue(iv.path("telemetry").path("connected").asBoolean(), iv.toString());
            assertTrue(iv.path("estop").isNull(), "sim-laptop has no e-stop input: " + iv);

            List<JsonNode> poses = on(all, "afferent/rover-t1/topics/pose");
            assertFalse(poses.isEmpty(), "no pose messages");
            // 5 per second at most over a 3 s run (plus the slot at the start).
            assertTrue(poses.size() <= 5 * 4, "pose messages: " + poses.size());
            JsonNode pose = poses.get(poses.size() - 1);
            assertEquals("afferent.telemetry.topic/1", pose.path("schema").asText());
            assertEquals("pose", pose.path("topic").asText());
            assertTrue(pose.path("fields").path("xM").isNumber(), pose.toString());
            assertTrue(pose.path("fields").path("headingRad").isNumber(), pose.toString());
            assertTrue(pose.path("fields").path("flags").isIntegralNumber(), pose.toString());

            List<JsonNode> events = on(all, "afferent/rover-t1/events");
            assertTrue(events.stream().anyMatch(e -> e.path("kind").asText().equals("run_started")), events.toString());
            assertTrue(events.stream().anyMatch(e -> e.path("kind").asText().equals("run_stopped")
                    && e.path("data").path("exit_code").asInt() == 0), events.toString());

            JsonNode published = on(all, "afferent/rover-t1/summary").get(0);
            assertTrue(published.path("config").asText().endsWith("sim-laptop-telemetry.yaml"), published.path("config").toString());
            assertTrue(published.path("sources").has("imu"), "published summary: " + published);
            assertTrue(published.path("telemetry").path("enabled").asBoolean(), published.toString());

            JsonNode summary = JSON.readTree(summaryOf(dir.resolve("r")).toFile());
            JsonNode t = summary.path("telemetry");
            assertTrue(t.path("enabled").asBoolean(), summary.toString());
            assertEquals("close", t.path("at").asText());
            JsonNode c = t.path("counters");
            assertEquals(0, c.path("dropped").asLong(), t.toString());
            assertEquals(0, c.path("unsent").asLong(), t.toString());
            assertEquals(c.path("offered").asLong(), c.path("published").asLong(), t.toString());
            // What the broker acknowledged was received: every buffered message (intervals, events, poses, summary).
            assertEquals(c.path("published").asLong(), intervals.size() + events.size() + poses.size() + 1, t.toString());
        }
    }

    @Test
    void anUnreachableBrokerIsAWarningAndTheRunStillReports(@TempDir Path dir) throws Exception {
        int port = TestBroker.freePort(); // nothing listens there
        Path profile = profileWith(dir, "telemetry:\n  mqtt:\n    broker: tcp://127.0.0.1:" + port + "\n    robot: rover-t2\n");
        Cli cli = new Cli();
        int code = cli.run("run", profile.toString(), "--duration", "2s", "--report-dir", dir.resolve("r").toString());
        assertEquals(0, code, cli.err.toString());
        JsonNode summary = JSON.readTree(summaryOf(dir.resolve("r")).toFile());
        JsonNode c = summary.path("telemetry").path("counters");
        assertEquals(0, c.path("connects").asLong(), summary.path("telemetry").toString());
        assertEquals(0, c.path("published").asLong());
        assertTrue(c.path("unsent").asLong() > 0, "what could not be sent is counted: " + c);
        assertTrue(cli.out.toString().contains("Telemetry: tcp://127.0.0.1:" + port), cli.out.toString());
    }

    @Test
    void aBadBrokerUrlIsAConfigurationError(@TempDir Path dir) throws Exception {
        Path profile = profileWith(dir, "telemetry:\n  mqtt:\n    broker: http://broker.lan\n    robot: rover-t3\n");
        Cli cli = new Cli();
        int code = cli.run("run", profile.toString(), "--duration", "1s", "--report-dir", dir.resolve("r").toString());
        assertEquals(2, code);
        String err = cli.err.toString();
        assertTrue(err.contains("configuration error") && err.contains(profile.getFileName().toString() + ":"), err);
        assertTrue(err.contains("tcp://"), "says what is allowed: " + err);
        assertFalse(err.contains("\tat "), "no stack trace: " + err);
    }

    @Test
    void anUnknownTelemetryTopicIsAConfigurationError(@TempDir Path dir) throws Exception {
        Path profile = profileWith(dir, "telemetry:\n  mqtt:\n    broker: tcp://127.0.0.1:1\n    robot: rover-t4\n"
                + "    topics: [{topic: nope, rate_hz: 1}]\n");
        Cli cli = new Cli();
        assertEquals(2, cli.run("run", profile.toString(), "--duration", "1s", "--report-dir", dir.resolve("r").toString()));
        assertTrue(cli.err.toString().contains("no topic 'nope'") && cli.err.toString().contains("pose"), cli.err.toString());
    }

    @Test
    void withoutTelemetrySummaryJsonSaysItIsOff(@TempDir Path dir) throws Exception {
        Cli cli = new Cli();
        assertEquals(0, cli.run("run", Cli.PROFILES.resolve("sim-laptop.yaml").toString(), "--duration", "1s",
                "--report-dir", dir.resolve("r").toString()), cli.err.toString());
        JsonNode summary = JSON.readTree(summaryOf(dir.resolve("r")).toFile());
        assertFalse(summary.path("telemetry").path("enabled").asBoolean(true), summary.path("telemetry").toString());
    }

    @Test
    void fleetIsASubcommand() {
        Cli cli = new Cli();
        assertEquals(0, cli.run("fleet", "--help"), cli.err.toString());
        assertTrue(cli.out.toString().contains("--broker"), cli.out.toString());
    }

    // ---- helpers ----

    private record Received(String topic, boolean retained, JsonNode json) {
    }

    private static JsonNode readJson(byte[] b) {
        try {
            return JSON.readTree(b);
        } catch (IOException e) {
            return null;
        }
    }

    private static List<JsonNode> on(List<Received> all, String topic) {
        return all.stream().filter(r -> r.topic().equals(topic) && r.json() != null).map(Received::json).toList();
    }

    /** Waits at most 20 s (a bound for a broken run, not a measurement). */
    private static void awaitTopic(List<Received> got, String topic) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            synchronized (got) {
                if (got.stream().anyMatch(r -> r.topic().equals(topic))) return;
            }
            Thread.sleep(20);
        }
        Assertions.fail("nothing received on " + topic);
    }

    private static Path profileWith(Path dir, String telemetry) throws IOException {
        String yaml = Files.readString(Cli.PROFILES.resolve("sim-laptop.yaml"))
                .replace("name: sim-laptop\n", "name: sim-laptop-telemetry\n") + "\n" + telemetry;
        Path p = dir.resolve("sim-laptop-telemetry.yaml");
        Files.writeString(p, yaml);
        return p;
    }

    private static Path summaryOf(Path reports) throws IOException {
        try (Stream<Path> s = Files.list(reports)) {
            return s.filter(Files::isDirectory).findFirst().orElseThrow().resolve("summary.json");
        }
    }
}
