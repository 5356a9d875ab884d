package io.afferent.deploy.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.afferent.deploy.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code afferent run} of sim-laptop publishing to a real Mosquitto that the test stops for 5 s during the run and
 * starts again. The run loses nothing (no source or stage drops a sample, every stage consumed every sample) and its
 * deadline misses are those of the same run without an outage (printed, with a bound that only a systematic effect
 * would cross); the client reconnects and says so ({@code telemetry_reconnected}), the newest buffered messages,
 * made during the outage, arrive after it, and what the small buffer (20) pushed out is counted exactly:
 * offered = published + dropped + rejected + unsent in summary.json, the drops those of the reconnect event.
 */
class BrokerOutageRunTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROBOT = "rover-outage";
    private static final String RUN_FOR = "12s";

    @Test
    void aFiveSecondBrokerOutageCostsTheRunNothingAndItsTelemetryDropsAreCounted(@TempDir Path dir) throws Exception {
        try (TestBroker broker = TestBroker.start(dir.resolve("broker"))) {
            Path profile = profile(dir, broker);
            // The same run without an outage first: its deadline misses on this machine, now.
            JsonNode baseline = run(profile, dir.resolve("baseline"));

            JsonNode summary;
            Instant outageFrom;
            Instant outageTo;
            List<TestBroker.Received> got;
            try (TestBroker.Subscriber sub = broker.new Subscriber("afferent/" + ROBOT + "/#")) {
                AtomicInteger code = new AtomicInteger(-1);
                Cli cli = new Cli();
                Path reports = dir.resolve("outage");
                Thread runner = new Thread(() -> code.set(cli.run("run", profile.toString(), "--duration", RUN_FOR,
                        "--report-dir", reports.toString())), "afferent-run");
                runner.start();
                // Two seconds into the run's timeline (the baseline left only retained messages: status, summary).
                sub.awaitLive("afferent/" + ROBOT + "/interval", j -> j.path("uptime_s").asDouble() >= 2.0);
                broker.stop();
                outageFrom = Instant.now();
                Thread.sleep(5_000);
                outageTo = Instant.now();
                broker.startAgain();
                runner.join(60_000);
                assertEquals(0, code.get(), cli.err.toString());
                // The close waited for the broker's acknowledgements; the subscriber gets the summary soon after.
                sub.awaitLive("afferent/" + ROBOT + "/summary", j -> true);
                got = sub.all().stream().filter(r -> !r.retained() && r.json() != null).toList();
                summary = summaryOf(reports);
            }

            // The run lost nothing.
            assertNoLoss(baseline);
            assertNoLoss(summary);
            long misses = misses(summary);
            long baselineMisses = misses(baseline);

            // The client reconnected and said so, after the outage, with the drops of the outage.
            JsonNode c = summary.path("telemetry").path("counters");
            List<JsonNode> events = on(got, "events");
            List<JsonNode> back = events.stream().filter(e -> e.path("kind").asText().equals("telemetry_reconnected")).toList();
            assertEquals(1, back.size(), "one reconnect event: " + events);
            JsonNode reconnect = back.get(0);
            assertTrue(!at(reconnect).isBefore(outageTo), "sent after the outage: " + reconnect);
            assertTrue(reconnect.path("data").path("outage_s").asDouble() > 0, reconnect.toString());
            assertEquals(c.path("dropped").asLong(), reconnect.path("data").path("dropped").asLong(),
                    "the drops of the outage are the run's drops: " + reconnect + " vs " + c);
            assertTrue(c.path("reconnects").asLong() >= 1, c.toString());
            assertTrue(on(got, "status").stream().filter(s -> s.path("state").asText().equals("online")
                    && !Instant.parse(s.path("connected_at").asText()).isBefore(outageTo)).count() >= 1, "online again");

            // Exact accounting, and the 20-message buffer overflowed during the outage.
            long offered = c.path("offered").asLong();
            long published = c.path("published").asLong();
            long dropped = c.path("dropped").asLong();
            assertTrue(dropped > 0, "5 s of intervals and 5 Hz poses do not fit 20 messages: " + c);
            assertEquals(offered, published + dropped + c.path("rejected").asLong() + c.path("unsent").asLong(), c.toString());
            assertEquals(0, c.path("unsent").asLong(), c.toString());
            assertEquals(0, c.path("queued").asLong(), c.toString());
            assertEquals(dropped, c.path("dropped_by_kind").path("interval").asLong() + c.path("dropped_by_kind").path("events").asLong()
                    + c.path("dropped_by_kind").path("topics").asLong() + c.path("dropped_by_kind").path("summary").asLong(), c.toString());

            // What the broker acknowledged arrived (at least once: a message in flight as the broker went down may
            // have arrived although its acknowledgement did not), among it messages made during the outage, which were
            // buffered and sent after it. The client's own messages (status, telemetry_reconnected) are not counted.
            Set<String> distinct = new HashSet<>();
            int duringOutage = 0;
            for (TestBroker.Received r : got) {
                boolean own = r.topic().endsWith("/status") || r.topic().endsWith("/events")
                        && r.json().path("kind").asText().equals("telemetry_reconnected");
                if (!own && distinct.add(r.topic() + " " + r.json()) && !r.topic().endsWith("/summary")) {
                    Instant t = at(r.json());
                    if (t.isAfter(outageFrom) && t.isBefore(outageTo)) duringOutage++;
                }
            }
            System.out.printf("broker outage through afferent run: offered %d, published %d, dropped %d %s, received %d distinct"
                            + " (%d made during the outage); reconnect event %s; fusion deadline misses %d with the outage,"
                            + " %d without; imu lateness p99 %.1f µs with, %.1f µs without%n",
                    offered, published, dropped, c.path("dropped_by_kind"), distinct.size(), duringOutage, reconnect.path("data"),
                    misses, baselineMisses, p99(summary), p99(baseline));
            assertTrue(duringOutage > 0, "buffered messages from the outage arrived after it");
            assertTrue(distinct.size() >= published && distinct.size() <= published + 32,
                    distinct.size() + " distinct messages received vs " + published + " published");
            // The telemetry client has its own threads and a buffer that never blocks: an effect on the stages would be
            // systematic (a stage or reader waiting for the network), far above this machine's noise.
            assertTrue(misses <= 3 * baselineMisses + 20,
                    "deadline misses with the outage " + misses + " vs " + baselineMisses + " without");
        }
    }

    // ---- helpers ----

    private static Path profile(Path dir, TestBroker broker) throws IOException {
        String yaml = Files.readString(Cli.PROFILES.resolve("sim-laptop.yaml"))
                .replace("name: sim-laptop\n", "name: sim-laptop-outage\n")
                + "\ntelemetry:\n  mqtt:\n    broker: " + broker.url() + "\n    robot: " + ROBOT + "\n"
                + "    topics: [{topic: pose, rate_hz: 5}]\n    buffer: 20\n"
                + "    reconnect_backoff: 200ms\n    reconnect_backoff_max: 1s\n";
        Path p = dir.resolve("sim-laptop-outage.yaml");
        Files.writeString(p, yaml);
        return p;
    }

    private static JsonNode run(Path profile, Path reports) throws IOException {
        Cli cli = new Cli();
        assertEquals(0, cli.run("run", profile.toString(), "--duration", RUN_FOR, "--report-dir", reports.toString()),
                cli.err.toString());
        return summaryOf(reports);
    }

    private static JsonNode summaryOf(Path reports) throws IOException {
        try (Stream<Path> s = Files.list(reports)) {
            return JSON.readTree(s.filter(Files::isDirectory).findFirst().orElseThrow().resolve("summary.json").toFile());
        }
    }

    /** No source dropped a sample and every stage consumed every sample of its input topics. */
    private static void assertNoLoss(JsonNode summary) {
        for (Map.Entry<String, JsonNode> s : summary.path("sources").properties()) {
            assertEquals(0, s.getValue().path("dropped").asLong(), "source " + s.getKey() + ": " + s.getValue());
            assertTrue(s.getValue().path("samples").asLong() > 0, s.getKey());
        }
        for (Map.Entry<String, JsonNode> t : summary.path("topics").properties()) {
            assertEquals(0, t.getValue().path("dropped").asLong(), "topic " + t.getKey());
            for (Map.Entry<String, JsonNode> sub : t.getValue().path("subscribers").properties()) {
                if (sub.getValue().path("kind").asText().equals("stage")) {
                    assertEquals(t.getValue().path("published").asLong(), sub.getValue().path("consumed").asLong(),
                            sub.getKey() + " of " + t.getKey());
                }
            }
        }
        for (Map.Entry<String, JsonNode> st : summary.path("stages").properties()) {
            assertEquals(0, st.getValue().path("errors").asLong(), "stage " + st.getKey());
            assertEquals(0, st.getValue().path("unconsumed").asLong(), "stage " + st.getKey());
        }
    }

    private static long misses(JsonNode summary) {
        long n = 0;
        for (Map.Entry<String, JsonNode> st : summary.path("stages").properties()) {
            n += st.getValue().path("deadline_misses").asLong();
        }
        return n;
    }

    private static double p99(JsonNode summary) {
        return summary.path("sources").path("imu").path("lateness_us").path("p99").asDouble();
    }

    private static List<JsonNode> on(List<TestBroker.Received> got, String kind) {
        String topic = "afferent/" + ROBOT + "/" + kind;
        return got.stream().filter(r -> r.topic().equals(topic) && r.json() != null).map(TestBroker.Received::json).toList();
    }

    private static Instant at(JsonNode message) {
        String at = message.path("at").asText("");
        return at.isEmpty() || message.path("at").isNull() ? Instant.EPOCH : Instant.parse(at);
    }
}
