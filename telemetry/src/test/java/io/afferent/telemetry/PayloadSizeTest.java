package io.afferent.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a robot sends: the payload sizes of a sim-laptop-like run (IMU, wheels, GPS, one fusion stage),
 * with the MQTT 5 framing of a PUBLISH, printed for the README's scaling figures.
 */
class PayloadSizeTest {
    private static final String ROBOT = "rover-01";

    /** A PUBLISH: fixed header (2-3), topic (2 + length), packet id (2, QoS ≥ 1), properties (content type). */
    private static int onTheWire(String subtopic, int payload) {
        int topic = ("afferent/" + ROBOT + "/" + subtopic).length();
        int properties = 1 + (1 + 2 + "application/json".length());
        int remaining = 2 + topic + 2 + properties + payload;
        return 1 + (remaining < 128 ? 1 : remaining < 16384 ? 2 : 3) + remaining;
    }

    private static IntervalSnapshot simLaptop() {
        return new IntervalSnapshot(3600.0, 1.0,
                List.of(new IntervalSnapshot.Source("imu", "imu", 1000.0, 3_600_000, 0, true, new Quantiles(7.9, 24.6, 88.1)),
                        new IntervalSnapshot.Source("wheels", "wheels", 200.0, 720_000, 0, true, new Quantiles(8.2, 26.3, 71.5)),
                        new IntervalSnapshot.Source("gps", "gps", 10.0, 36_000, 0, true, new Quantiles(9.0, 30.2, 66.0))),
                List.of(new IntervalSnapshot.Stage("fusion", 4_356_000, 200, 0, new Quantiles(6.1, 19.8, 102.4),
                        new Quantiles(4.2, 15.0, 61.7))),
                null);
    }

    @Test
    void payloadsAreSmallAndTheirSizesArePrinted() throws Exception {
        RunInfo run = new RunInfo("rover-01-pi", "0.1.0", "sim-laptop", Instant.parse("2026-12-02T17:00:00Z"), 1234);
        TelemetryCounters counters = new TelemetryCounters(true, 1, 0, Map.of(), Map.of("interval", 3600L),
                Map.of("interval", 0L), Map.of(), Map.of(), Map.of(), 1, 0, 0);
        byte[] interval = Payloads.interval(ROBOT, Instant.now(), simLaptop(), counters);
        Map<String, Object> pose = new LinkedHashMap<>();
        pose.put("x_m", 12.345678);
        pose.put("y_m", -3.210987);
        pose.put("heading_deg", 87.654321);
        pose.put("speed_mps", 0.812345);
        pose.put("yaw_rate_deg_s", 1.234567);
        pose.put("latitude_deg", 47.3977419);
        pose.put("longitude_deg", 8.5455938);
        pose.put("position_sigma_m", 0.42);
        byte[] topic = Payloads.topic(ROBOT, "pose", Instant.now(), pose);
        byte[] online = Payloads.online(ROBOT, run, Instant.now());
        byte[] event = Payloads.event(ROBOT, TelemetryEvent.deadlineMisses("fusion", 3, 1.0, 412.5));

        ObjectMapper json = new ObjectMapper();
        JsonNode parsed = json.readTree(interval);
        assertEquals(3, parsed.get("sources").size());
        assertTrue(parsed.get("estop").isNull());

        int intervalWire = onTheWire("interval", interval.length);
        int topicWire = onTheWire("topics/pose", topic.length);
        System.out.printf("payload bytes: interval %d (%d on the wire), topics/pose %d (%d), status %d, event %d%n",
                interval.length, intervalWire, topic.length, topicWire, online.length, event.length);
        // At the defaults (an interval a second, no topics): the interval alone, plus PUBACK (4 bytes) back.
        int perRobotDefault = intervalWire;
        int perRobotWithPose5Hz = intervalWire + 5 * topicWire;
        System.out.printf("per robot: %d B/s at the defaults, %d B/s with pose at 5 Hz; 100 robots: %.1f kB/s"
                        + " (%.1f kB/s with pose), %.0f / %.0f messages/s%n", perRobotDefault, perRobotWithPose5Hz,
                100 * perRobotDefault / 1000.0, 100 * perRobotWithPose5Hz / 1000.0, 100.0, 600.0);
        assertTrue(interval.length < 2048, new String(interval, StandardCharsets.UTF_8));
        assertTrue(topic.length < 512, new String(topic, StandardCharsets.UTF_8));
    }
}
