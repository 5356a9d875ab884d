package io.afferent.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static io.afferent.telemetry.TestRuns.interval;
import static io.afferent.telemetry.TestRuns.plain;
import static io.afferent.telemetry.TestRuns.pose;
import static io.afferent.telemetry.TestRuns.run;
import static io.afferent.telemetry.TestRuns.settings;
import static io.afferent.telemetry.TestRuns.topic;
import static io.afferent.telemetry.TestRuns.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every topic against a real Mosquitto broker, with the payloads of PAYLOADS.md. */
class TelemetryPublisherTest {
    @TempDir
    Path dir;

    @Test
    void everyTopicArrivesWithTheDocumentedPayload() throws Exception {
        try (Mosquitto broker = Mosquitto.startPlain(dir);
             TestSubscriber sub = new TestSubscriber(broker.port(), "afferent/#")) {
            TestRuns.Warnings warnings = new TestRuns.Warnings();
            TelemetrySettings s = settings(plain(broker.port()).build(), "rover-1", 100, List.of(topic("pose", 5)));
            TelemetryPublisher p = TelemetryPublisher.start(s, run("sim-laptop"), warnings);

            JsonNode online = sub.await("afferent/rover-1/status", j -> j.path("state").asText().equals("online")).json();
            assertEquals("afferent.telemetry.status/1", online.get("schema").asText());
            assertEquals("rover-1", online.get("robot").asText());
            assertEquals("host-sim-laptop", online.get("host").asText());
            assertEquals(4242, online.get("pid").asLong());
            assertEquals("0.1.0-test", online.get("version").asText());
            assertEquals("sim-laptop", online.get("profile").asText());
            assertEquals("2026-12-02T17:00:00.125Z", online.get("started_at").asText());
            Instant.parse(online.get("connected_at").asText());
            Instant.parse(online.get("at").asText());

            assertTrue(p.interval(interval(12.0, 999.5, false)));
            JsonNode iv = sub.await("afferent/rover-1/interval", j -> true).json();
            assertEquals("afferent.telemetry.interval/1", iv.get("schema").asText());
            assertEquals(12.0, iv.get("uptime_s").asDouble());
            assertEquals(1.0, iv.get("interval_s").asDouble());
            JsonNode imu = iv.get("sources").get("imu");
            assertEquals("imu", imu.get("kind").asText());
            assertEquals(999.5, imu.get("rate_hz").asDouble());
            assertEquals(12_000, imu.get("samples").asLong());
            assertEquals(3, imu.get("dropped").asLong());
            assertTrue(imu.get("connected").asBoolean());
            assertEquals(31.0, imu.get("lateness_us").get("p99").asDouble());
            assertTrue(iv.get("sources").get("gps").get("lateness_us").isNull());
            assertFalse(iv.get("sources").get("gps").get("connected").asBoolean());
            JsonNode fusion = iv.get("stages").get("fusion");
            assertEquals(12_120, fusion.get("events").asLong());
            assertEquals(200, fusion.get("deadline_us").asLong());
            assertEquals(2, fusion.get("deadline_misses").asLong());
            assertEquals(40.5, fusion.get("service_us").get("p99").asDouble());
            assertEquals(20.0, fusion.get("queue_us").get("max").asDouble());
            assertEquals(3, iv.get("dropped").asLong());
            assertEquals(2, iv.get("deadline_misses").asLong());
            assertEquals(31.0, iv.get("worst_lateness_p99_us").asDouble());
            assertFalse(iv.get("estop").asBoolean());
            assertTrue(iv.get("telemetry").get("connected").asBoolean());
            assertEquals(0, iv.get("telemetry").get("dropped").asLong());

            p.event(TelemetryEvent.estop("estop", true));
            JsonNode ev = sub.await("afferent/rover-1/events", j -> j.path("kind").asText().equals("estop")).json();
            assertEquals("afferent.telemetry.event/1", ev.get("schema").asText());
            assertEquals("error", ev.get("severity").asText());
            assertEquals("estop", ev.get("source").asText());
            assertEquals("e-stop pressed", ev.get("message").asText());
            assertTrue(ev.get("data").get("active").asBoolean());

            assertTrue(p.topicDue("pose"));
            assertFalse(p.topicDue("battery"), "a topic that is not configured is never due");
            assertTrue(p.topicSample("pose", Instant.parse("2026-12-02T17:00:05Z"), pose(1.5)));
            assertFalse(p.topicSample("pose", Instant.now(), pose(1.6)), "5 Hz: the next sample right after is skipped");
            JsonNode tp = sub.await("afferent/rover-1/topics/pose", j -> true).json();
            assertEquals("afferent.telemetry.topic/1", tp.get("schema").asText());
            assertEquals("pose", tp.get("topic").asText());
            assertEquals("2026-12-02T17:00:05.000Z", tp.get("at").asText());
            assertEquals(1.5, tp.get("fields").get("x_m").asDouble());
            assertTrue(tp.get("fields").get("valid").asBoolean());
            assertEquals(3, tp.get("fields").get("covariance").size());

            byte[] summary = "{\"schema\":\"afferent.summary/1\",\"duration_s\":12.5}".getBytes(StandardCharsets.UTF_8);
            p.summary(summary);
            TestSubscriber.Message sm = sub.await("afferent/rover-1/summary", j -> true);
            assertEquals(new String(summary, StandardCharsets.UTF_8), new String(sm.payload(), StandardCharsets.UTF_8));

            TelemetryCounters c = p.close(2_000 * TestRuns.MS);
            JsonNode off = sub.await("afferent/rover-1/status", j -> j.path("state").asText().equals("offline")).json();
            assertEquals("stopped", off.get("reason").asText());
            Instant.parse(off.get("at").asText());
            assertEquals("sim-laptop", off.get("profile").asText());

            for (MessageKind k : List.of(MessageKind.INTERVAL, MessageKind.EVENTS, MessageKind.TOPIC, MessageKind.SUMMARY)) {
                assertEquals(1, c.of(c.offered(), k), k.word());
                assertEquals(1, c.of(c.published(), k), k.word());
            }
            assertEquals(0, c.droppedTotal());
            assertEquals(2, c.ownPublished(), "online, then offline");
            assertEquals(0, c.of(c.published(), MessageKind.STATUS));
            assertEquals(1, c.connects());

            // Retained: a fleet view that starts now still sees the status (offline, stopped) and the summary.
            try (TestSubscriber late = new TestSubscriber(broker.port(), "afferent/rover-1/#")) {
                TestSubscriber.Message st = late.await("afferent/rover-1/status", j -> true);
                assertTrue(st.retained());
                assertEquals("offline", st.json().get("state").asText());
                assertTrue(late.await("afferent/rover-1/summary", j -> true).retained());
            }
            assertTrue(warnings.lines.isEmpty(), warnings.toString());
        }
    }

    @Test
    void anUnreachableBrokerAtStartIsAWarningAndTheNewestMessagesFollowWhenItComes() throws Exception {
        TestRuns.Warnings warnings = new TestRuns.Warnings();
        // The subscriber's persistent session is made first, then the broker goes away (saving it) before the
        // publisher starts: whatever the publisher sends once the broker is back is queued for the subscriber.
        try (Mosquitto broker = Mosquitto.startPlain(dir);
             TestSubscriber sub = new TestSubscriber(broker.port(), "afferent/late/#")) {
            broker.stop();
            int port = broker.port();
            TelemetrySettings s = settings(plain(port).build(), "late", 5, List.of());
            TelemetryPublisher p = TelemetryPublisher.start(s, run("sim-laptop"), warnings);
            for (int i = 0; i < 8; i++) {
                p.event(TelemetryEvent.of(TelemetryEvent.FAULT, TelemetryEvent.WARNING, "imu", "fault " + i));
            }
            waitFor("the unreachable warning", () -> warnings.any("is unreachable"));
            assertTrue(warnings.lines.get(0).startsWith("telemetry: broker tcp://127.0.0.1:" + port + " is unreachable"), warnings.toString());
            assertTrue(warnings.lines.get(0).contains("the run goes on"), warnings.toString());
            assertFalse(p.connected());
            assertEquals(3, p.counters().of(p.counters().dropped(), MessageKind.EVENTS), "8 offered into a buffer of 5");

            broker.restart();
            JsonNode back = sub.await("afferent/late/events", j -> j.path("kind").asText().equals("telemetry_reconnected")).json();
            assertEquals(3, back.get("data").get("dropped").asLong());
            assertEquals(3, back.get("data").get("dropped_by_kind").get("events").asLong());
            assertEquals(5, back.get("data").get("buffered").asLong());
            // The newest five (3..7) arrive; the oldest three were dropped.
            for (int i = 3; i < 8; i++) {
                String text = "fault " + i;
                sub.await("afferent/late/events", j -> j.path("message").asText().equals(text));
            }
            TelemetryCounters c = p.close(2_000 * TestRuns.MS);
            assertEquals(5, c.of(c.published(), MessageKind.EVENTS));
            assertEquals(0, c.of(c.unsent(), MessageKind.EVENTS));
            assertEquals(8, c.of(c.offered(), MessageKind.EVENTS));
            assertEquals(3, c.ownPublished(), "online, telemetry_reconnected, offline");
            assertTrue(sub.on("afferent/late/events").stream().noneMatch(m -> m.json().path("message").asText().equals("fault 0")));
            assertTrue(warnings.any("telemetry reconnected to tcp://127.0.0.1:" + port), warnings.toString());
        }
    }

    @Test
    void qosZeroPublishesToo() throws Exception {
        try (Mosquitto broker = Mosquitto.startPlain(dir);
             TestSubscriber sub = new TestSubscriber(broker.port(), "afferent/q0/#")) {
            TelemetrySettings s = TelemetrySettings.of(plain(broker.port()).build(), "q0", List.of(), 100 * TestRuns.MS, 10, 0);
            TelemetryPublisher p = TelemetryPublisher.start(s, run("sim-laptop"), w -> { });
            sub.await("afferent/q0/status", j -> j.path("state").asText().equals("online"));
            p.event(TelemetryEvent.of(TelemetryEvent.RUN_STARTED, TelemetryEvent.INFO, null, "started"));
            JsonNode ev = sub.await("afferent/q0/events", j -> true).json();
            assertTrue(ev.get("source").isNull());
            assertEquals(1, p.close(1_000 * TestRuns.MS).of(p.counters().published(), MessageKind.EVENTS));
        }
    }

    @Test
    void closingWhileTheBrokerIsAwayCountsWhatWasNotSent() throws Exception {
        Mosquitto.requireInstalled();
        TestRuns.Warnings warnings = new TestRuns.Warnings();
        TelemetrySettings s = settings(plain(Mosquitto.freePort()).build(), "nobroker", 10, List.of());
        TelemetryPublisher p = TelemetryPublisher.start(s, run("sim-laptop"), warnings);
        for (int i = 0; i < 4; i++) {
            p.event(TelemetryEvent.of(TelemetryEvent.FAULT, TelemetryEvent.WARNING, "imu", "fault " + i));
        }
        TelemetryCounters c = p.close(100 * TestRuns.MS);
        assertEquals(4, c.of(c.unsent(), MessageKind.EVENTS));
        assertEquals(0, c.connects());
        assertFalse(p.topicSample("pose", Instant.now(), pose(1)), "closed");
    }
}
