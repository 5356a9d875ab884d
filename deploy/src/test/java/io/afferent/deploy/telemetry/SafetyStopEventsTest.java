package io.afferent.deploy.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.afferent.deploy.Cli;
import io.afferent.deploy.plugins.PluginJars;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Outputs' safety stops reach the fleet as {@code safety_stop} events (telemetry/PAYLOADS.md), through real runs
 * against a real Mosquitto: a gpio-motors output on Pi4J's mock pins whose simulated e-stop is pressed for half a
 * second, and, with a plugin jar built here as a user's, an output whose actuator throws on its 200th write
 * (on_error: restart) fed by a stage that goes silent after 2 s (the command timeout). For each output and reason
 * the events' counts add up to the output's counter in summary.json, and the last event's total is that counter.
 */
class SafetyStopEventsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The simulated robot of both runs: its sensors (the profile's {@code sources:} goes on after them). */
    private static final String SIM = """
            robot: {wheel_radius_m: 0.05, wheel_base_m: 0.30, encoder_ticks_per_rev: 1440}
            sim:
              seed: 7
              origin: {lat_deg: 52.2053, lon_deg: 0.1218, alt_m: 15}
              field: {width_m: 30, length_m: 30}
              course: {type: random, speed_mps: 0.8, duration: 1h}
            sources:
              imu: {type: sim-imu, rate_hz: 500, ring_size: 4096}
              wheels: {type: sim-wheels, rate_hz: 100, thread: slow, ring_size: 1024}
              gps: {type: sim-gps, rate_hz: 10, thread: slow, ring_size: 64}
            """;

    private static final String MOTORS = "name: motors-telemetry\n" + SIM + """
              estop:
                type: gpio-estop
                rate_hz: 500
                params: {provider: mock, pin: 26, simulate: true, sim_presses: [{at: 1500ms, for: 500ms}], pull: up,
                         active_low: false, debounce: 20ms}
            stages:
              fusion: {type: fusion, inputs: [imu, wheels, gps], deadline_us: 1000, on_error: stop}
              follow:
                type: waypoint-follower
                inputs: [pose]
                deadline_us: 1000
                params:
                  waypoints: [{east_m: 20, north_m: 0}]
                  cruise_speed: 0.5
              motors:
                type: gpio-motors
                inputs: [wheel_cmd, estop]
                deadline_us: 1000
                wait: sleep
                params:
                  provider: mock
                  safe_state: brake
                  left: {pwm: 12, in1: 5, in2: 6}
                  right: {pwm: 13, in1: 20, in2: 21, invert: true}
                  max_duty: 90
            """;

    /** A stage that commands a slow cruise on every pose until {@code silent_after}, then publishes nothing. */
    private static final String SILENT = """
            package flaky;
            import io.afferent.api.*;
            import io.afferent.api.msg.Pose;
            import io.afferent.api.msg.WheelCmd;
            public final class SilentAfter implements Stage {
                private final Output<WheelCmd> out;
                private final long silentAfterNanos;
                private final long originNanos;
                SilentAfter(StageSetup s) throws ConfigError {
                    out = s.output("wheel_cmd", WheelCmd.TYPE);
                    silentAfterNanos = s.params().durationNanos("silent_after", 2_000_000_000L, 1_000_000L, 3_600_000_000_000L);
                    originNanos = s.originNanos();
                    s.subscribe(s.inputs().get(0)).on(Pose.TYPE, this::onPose);
                }
                private void onPose(Pose p, Input in) {
                    if (in.originNanos() - originNanos > silentAfterNanos) return;
                    out.claim().set(0.3, 0, 0.3);
                    out.publish();
                }
            }
            """;

    /** An actuator that throws on its {@code fail_at}-th write; counts nothing itself (the safety layer does). */
    private static final String FAILING = """
            package flaky;
            import io.afferent.api.*;
            import io.afferent.api.msg.WheelCmd;
            public final class FailingDrive implements Actuator<WheelCmd> {
                private final long failAt;
                private long writes;
                FailingDrive(StageSetup s) throws ConfigError {
                    failAt = (long) s.params().number("fail_at", 200, 1, 1e9);
                }
                public boolean accepts(WheelCmd c) { return Double.isFinite(c.leftMps) && Double.isFinite(c.rightMps); }
                public void write(WheelCmd c, long nowNanos) {
                    if (++writes == failAt) throw new IllegalStateException("drive fault at write " + writes);
                }
                public void safe(SafeState state, long nowNanos) {
                }
            }
            """;

    private static final String PLUGIN = """
            package flaky;
            import io.afferent.api.*;
            import io.afferent.api.msg.WheelCmd;
            public final class FlakyPlugin implements AfferentPlugin {
                public String name() { return "flaky"; }
                public void register(Registry r) {
                    r.stage(StageType.of("silent-after", SilentAfter::new).output("wheel_cmd", WheelCmd.TYPE));
                    r.output(new OutputType<>("failing-drive", WheelCmd.TYPE, FailingDrive::new));
                }
            }
            """;

    private static final String FLAKY = "name: flaky-telemetry\n" + SIM + """
            stages:
              fusion: {type: fusion, inputs: [imu, wheels, gps], deadline_us: 1000, on_error: stop}
              cmd: {type: silent-after, inputs: [pose], deadline_us: 1000, params: {silent_after: 2s}}
              drive:
                type: failing-drive
                inputs: [wheel_cmd]
                deadline_us: 1000
                wait: sleep
                on_error: restart
                params: {fail_at: 200}
            """;

    @Test
    void anEStopAndTheEndOfTheRunAreSafetyStopEvents(@TempDir Path dir) throws Exception {
        try (TestBroker broker = TestBroker.start(dir.resolve("broker"))) {
            Result r = run(broker, dir, MOTORS, "motors-t1", null);
            Map<String, Long> counts = r.counts("motors");
            assertEquals(1, counts.getOrDefault("estop", 0L), r.events.toString());
            assertEquals(1, counts.getOrDefault("end_of_run", 0L), r.events.toString());
            JsonNode estop = r.first("motors", "estop");
            assertEquals("warning", estop.path("severity").asText());
            assertEquals("safe_estop", estop.path("data").path("counter").asText());
            assertTrue(estop.path("message").asText().contains("emergency stop"), estop.toString());
            assertEquals("info", r.first("motors", "end_of_run").path("severity").asText());
            // The e-stop input's own events: pressed and released.
            assertEquals(2, r.events.stream().filter(e -> e.path("kind").asText().equals("estop")).count(), r.events.toString());
            r.assertEventsAddUpToTheCounters("motors");
        }
    }

    @Test
    void anOutputErrorItsRestartAndACommandTimeoutAreSafetyStopEvents(@TempDir Path dir) throws Exception {
        Path jar = PluginJars.build(Map.of("flaky/SilentAfter.java", SILENT, "flaky/FailingDrive.java", FAILING,
                "flaky/FlakyPlugin.java", PLUGIN,
                "META-INF/services/io.afferent.api.AfferentPlugin", "flaky.FlakyPlugin\n"), Files.createDirectories(dir.resolve("jar")));
        try (TestBroker broker = TestBroker.start(dir.resolve("broker"))) {
            Result r = run(broker, dir, FLAKY, "flaky-t1", jar);
            Map<String, Long> counts = r.counts("drive");
            assertEquals(1, counts.getOrDefault("output_error", 0L), r.events.toString());
            assertEquals(1, counts.getOrDefault("restart", 0L), r.events.toString());
            assertTrue(counts.getOrDefault("command_timeout", 0L) >= 1, r.events.toString());
            assertEquals(1, counts.getOrDefault("end_of_run", 0L), r.events.toString());
            assertEquals("error", r.first("drive", "output_error").path("severity").asText());
            assertEquals("warning", r.first("drive", "command_timeout").path("severity").asText());
            // The stage's error is a fault event as well.
            assertTrue(r.events.stream().anyMatch(e -> e.path("kind").asText().equals("fault")
                    && e.path("source").asText().equals("drive")), r.events.toString());
            r.assertEventsAddUpToTheCounters("drive");
        }
    }

    // ---- helpers ----

    private record Result(List<JsonNode> events, JsonNode summary) {
        List<JsonNode> stops(String output) {
            return events.stream().filter(e -> e.path("kind").asText().equals("safety_stop")
                    && e.path("source").asText().equals(output)).toList();
        }

        /** Stops per reason, added up over the events. */
        Map<String, Long> counts(String output) {
            Map<String, Long> m = new LinkedHashMap<>();
            for (JsonNode e : stops(output)) {
                m.merge(e.path("data").path("reason").asText(), e.path("data").path("count").asLong(), Long::sum);
            }
            return m;
        }

        JsonNode first(String output, String reason) {
            return stops(output).stream().filter(e -> e.path("data").path("reason").asText().equals(reason))
                    .findFirst().orElseThrow(() -> new AssertionError("no " + reason + " stop of " + output + ": " + events));
        }

        void assertEventsAddUpToTheCounters(String output) {
            JsonNode counters = summary.path("stages").path(output).path("counters");
            Map<String, Long> sums = new LinkedHashMap<>();
            Map<String, Long> lastTotal = new LinkedHashMap<>();
            for (JsonNode e : stops(output)) {
                JsonNode d = e.path("data");
                assertEquals("afferent.telemetry.event/1", e.path("schema").asText());
                assertTrue(d.path("interval_s").isNumber(), e.toString());
                sums.merge(d.path("counter").asText(), d.path("count").asLong(), Long::sum);
                lastTotal.put(d.path("counter").asText(), d.path("total").asLong());
            }
            for (String counter : List.of("safe_command_timeout", "safe_estop", "commands_refused", "safe_output_error",
                    "safe_restart", "safe_end_of_run")) {
                long expected = counters.path(counter).asLong(-1);
                assertTrue(expected >= 0, "summary.json has " + counter + ": " + counters);
                assertEquals(expected, sums.getOrDefault(counter, 0L), counter + ": events " + stops(output) + " vs " + counters);
                if (expected > 0) {
                    assertEquals(expected, lastTotal.get(counter), counter);
                }
            }
            System.out.println(output + ": safety counters " + counters + "; safety_stop events "
                    + stops(output).stream().map(e -> e.path("data").path("reason").asText() + "×" + e.path("data").path("count")).toList());
        }
    }

    private static Result run(TestBroker broker, Path dir, String yaml, String robot, Path pluginJar) throws Exception {
        Path profile = dir.resolve(robot + ".yaml");
        Files.writeString(profile, yaml + "telemetry:\n  mqtt: {broker: " + broker.url() + ", robot: " + robot + "}\n");
        try (TestBroker.Subscriber sub = broker.new Subscriber("afferent/" + robot + "/#")) {
            Cli cli = new Cli();
            Path reports = dir.resolve("r-" + robot);
            String[] args = pluginJar == null
                    ? new String[] {"run", profile.toString(), "--duration", "4s", "--report-dir", reports.toString()}
                    : new String[] {"run", profile.toString(), "--duration", "4s", "--report-dir", reports.toString(),
                                    "--plugins", pluginJar.toString()};
            int code = cli.run(args);
            assertEquals(0, code, cli.err.toString());
            sub.await("afferent/" + robot + "/summary", j -> true);
            List<JsonNode> events = sub.on("afferent/" + robot + "/events");
            JsonNode summary;
            try (Stream<Path> runs = Files.list(reports)) {
                summary = JSON.readTree(runs.findFirst().orElseThrow().resolve("summary.json").toFile());
            }
            assertEquals(0, summary.path("telemetry").path("counters").path("dropped").asLong(), summary.path("telemetry").toString());
            return new Result(events, summary);
        }
    }
}
