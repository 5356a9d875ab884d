package io.afferent.deploy.outputs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.afferent.deploy.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real run through the CLI: simulated sensors, fusion, the waypoint follower and the gpio-motors output on Pi4J's
 * mock pins, with the simulator pressing the GPIO e-stop 1.5 s into the run for half a second. The output's safety
 * events and the sensor-to-actuator chains are read back from summary.json.
 */
class GpioMotorsRunTest {
    static final String PROFILE = """
            name: motors-run
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

    @Test
    void theEStopStopsTheMotorsAndTheReportHasTheSensorToActuatorChains(@TempDir Path dir) throws IOException {
        Path profile = dir.resolve("motors.yaml");
        Files.writeString(profile, PROFILE);
        Cli cli = new Cli();
        int code = cli.run("run", profile.toString(), "--duration", "4s", "--report-dir", dir.resolve("r").toString());
        assertEquals(0, code, cli.err.toString());
        JsonNode s;
        Path runDir;
        try (Stream<Path> runs = Files.list(dir.resolve("r"))) {
            runDir = runs.findFirst().orElseThrow();
            s = new ObjectMapper().readTree(runDir.resolve("summary.json").toFile());
        }
        assertTrue(Files.size(runDir.resolve("sensor-to-actuator-percentiles.png")) > 1000, "the chart of the chains to the motors");
        if (System.getenv("AFFERENT_KEEP_CHART") != null) {
            Files.copy(runDir.resolve("sensor-to-actuator-percentiles.png"), Path.of(System.getenv("AFFERENT_KEEP_CHART")),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        JsonNode motors = s.get("stages").get("motors");
        JsonNode c = motors.get("counters");
        assertEquals(0, motors.get("errors").asLong(), motors.toString());
        assertEquals(1, c.get("safe_estop").asLong(), c.toString());
        assertEquals(1, c.get("safe_end_of_run").asLong(), c.toString());
        assertEquals(0, c.get("commands_refused").asLong(), c.toString());
        assertTrue(c.get("commands_written").asLong() > 100, c.toString());
        // About 1 kHz of poses for the half second the e-stop is held: those commands are never written.
        assertTrue(c.get("commands_ignored").asLong() > 50, c.toString());
        boolean imuChain = false;
        boolean estopChain = false;
        for (JsonNode chain : s.get("chains")) {
            String path = chain.get("path").asText();
            long n = chain.get("end_to_end_us").get("count").asLong();
            imuChain |= path.equals("imu → fusion → follow → motors") && n > 100;
            estopChain |= path.equals("estop → motors") && n > 100;
        }
        assertTrue(imuChain && estopChain, s.get("chains").toString());
        System.out.println("motors counters " + c + "; chains " + s.get("chains"));
    }

    /**
     * Zero allocation per command after warm-up, asserted as for the readers: the report's per-thread allocated bytes
     * after warm-up (ThreadMXBean, marked 3 s into the timeline) of {@code stage-motors}, with an e-stop press and its
     * release after the warm-up mark (so that the safety events' first occurrence, and its log line, fall inside the
     * measured window), against the messages the output handled.
     */
    @Test
    void theMotorsOutputAllocatesNothingPerCommandAfterWarmUp(@TempDir Path dir) throws IOException {
        Path profile = dir.resolve("motors.yaml");
        Files.writeString(profile, PROFILE.replace("sim_presses: [{at: 1500ms, for: 500ms}]", "sim_presses: [{at: 6s, for: 500ms}]"));
        Cli cli = new Cli();
        int code = cli.run("run", profile.toString(), "--duration", "10s", "--report-dir", dir.resolve("r").toString());
        assertEquals(0, code, cli.err.toString());
        JsonNode s;
        try (Stream<Path> runs = Files.list(dir.resolve("r"))) {
            s = new ObjectMapper().readTree(runs.findFirst().orElseThrow().resolve("summary.json").toFile());
        }
        JsonNode c = s.get("stages").get("motors").get("counters");
        assertEquals(1, c.get("safe_estop").asLong(), c.toString());
        long handled = c.get("commands_written").asLong() + c.get("commands_ignored").asLong();
        // 7 of the 10 s are after the warm-up mark: at least half of the commands are, whatever the start-up took.
        long afterWarmup = handled / 2;
        long bytes = s.get("threads").get("stage-motors").get("allocated_after_warmup_bytes").asLong();
        System.out.printf("stage-motors: %d bytes allocated after warm-up; %d commands handled in the run (%s)%n",
                bytes, handled, c);
        for (String t : new String[] {"reader-estop", "stage-follow", "stage-fusion"}) {
            System.out.printf("%s: %d bytes after warm-up%n", t, s.get("threads").get(t).get("allocated_after_warmup_bytes").asLong());
        }
        assertTrue(handled > 2000, c.toString());
        // The smallest object is 16 bytes: an allocation in even one command in four would exceed 4 bytes per
        // command. What is allowed besides is the one log line of each safety event's first occurrence (about 1.5 KB
        // each: the e-stop, the end of the run, and a command timeout when this loaded machine stalls the chain).
        assertTrue(bytes < 4 * afterWarmup, bytes + " bytes allocated after warm-up for at least " + afterWarmup + " commands");
    }
}
