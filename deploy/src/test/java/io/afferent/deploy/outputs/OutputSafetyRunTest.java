package io.afferent.deploy.outputs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.afferent.deploy.Cli;
import io.afferent.deploy.plugins.PluginJars;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The output safety layer in real runs through the CLI: simulated IMU → a scripted command stage → the real
 * gpio-motors on Pi4J's mock pins, wrapped by a probe that reads the pins back after every write and safe state
 * (test resource outputs/SafetyProbePlugin.java, compiled here as a user's plugin is). Each test scripts one
 * failure and reads the pins and the counters back. Delays are printed, never asserted (a loaded 2-core machine).
 */
class OutputSafetyRunTest {
    /** Driving at 0.5 m/s of max_speed 1: both wheels forward at 50 %, right inverted so reverse on its pins. */
    static final String DRIVING = "BCM5 high, BCM6 low, BCM20 low, BCM21 high, PWM12 50%, PWM13 50%";
    static final String BRAKE = "BCM5 high, BCM6 high, BCM20 high, BCM21 high, PWM12 100%, PWM13 100%";
    static final String COAST = "BCM5 low, BCM6 low, BCM20 low, BCM21 low, PWM12 0%, PWM13 0%";

    @TempDir
    static Path pluginDir;
    static Path plugin;

    @BeforeAll
    static void buildPlugin() throws IOException {
        String src = Files.readString(Path.of("src/test/resources/outputs/SafetyProbePlugin.java"));
        plugin = PluginJars.build(Map.of("probe/SafetyProbePlugin.java", src,
                "META-INF/services/io.afferent.api.AfferentPlugin", "probe.SafetyProbePlugin\n"), pluginDir);
    }

    static String profile(String script, String motorParams, String extraSources, String motorInputs) {
        return """
                name: safety
                robot: {wheel_radius_m: 0.05, wheel_base_m: 0.30, encoder_ticks_per_rev: 1440}
                sim:
                  seed: 3
                  course: {type: random, speed_mps: 0.8, duration: 1h}
                sources:
                  imu: {type: sim-imu, rate_hz: 200, ring_size: 1024}
                %s
                stages:
                  script: {type: cmd-script, inputs: [imu], deadline_us: 5000, %s}
                  motors:
                    type: probe-motors
                    inputs: [%s]
                    deadline_us: 5000
                    wait: sleep
                    params:
                      provider: mock
                      left: {pwm: 12, in1: 5, in2: 6}
                      right: {pwm: 13, in1: 20, in2: 21, invert: true}
                %s
                """.formatted(extraSources, script, motorInputs, motorParams.indent(6).stripTrailing());
    }

    record Run(int code, String err, JsonNode summary, List<String> probe) {
        JsonNode counters() {
            return summary.get("stages").get("motors").get("counters");
        }

        long counter(String key) {
            JsonNode c = counters().get(key);
            return c == null ? 0 : c.asLong();
        }

        /** The probe's lines that start with {@code prefix}. */
        List<String> lines(String prefix) {
            return probe.stream().filter(l -> l.startsWith(prefix)).toList();
        }
    }

    static Run run(Path dir, String yaml, String duration) throws IOException {
        Path profile = dir.resolve("p.yaml");
        Files.writeString(profile, yaml);
        Cli cli = new Cli();
        int code = cli.run("run", profile.toString(), "--duration", duration, "--report-dir", dir.resolve("r").toString(),
                "--plugins", plugin.toString());
        Path runDir;
        try (Stream<Path> runs = Files.list(dir.resolve("r"))) {
            runDir = runs.findFirst().orElseThrow(() -> new AssertionError("no report: " + cli.err));
        }
        JsonNode s = new ObjectMapper().readTree(runDir.resolve("summary.json").toFile());
        List<String> probe = Files.readAllLines(runDir.resolve("probe-motors.txt"));
        System.out.println("counters " + s.get("stages").get("motors").get("counters") + "\nprobe:\n  "
                + String.join("\n  ", probe));
        return new Run(code, cli.err.toString(), s, probe);
    }

    static String pins(String line) {
        int i = line.indexOf(" pins=[");
        return line.substring(i + 7, line.indexOf(']', i));
    }

    static String pinsBefore(String line) {
        int i = line.indexOf("pins_before=[");
        return line.substring(i + 13, line.indexOf(']', i));
    }

    @Test
    void aCommandTimeoutBrakesTheMotorsOnceAndTheEndOfTheRunBrakesThemAgain(@TempDir Path dir) throws IOException {
        // 1 s, not the default 100 ms: a stall of the chain on this loaded machine must not add a timeout of its own.
        Run r = run(dir, profile("params: {stop_at: 1500ms}", "safe_state: brake\ncommand_timeout: 1s", "", "wheel_cmd"), "4s");
        assertEquals(0, r.code(), r.err());
        assertEquals(1, r.counter("safe_command_timeout"));
        assertEquals(1, r.counter("safe_end_of_run"));
        List<String> safe = r.lines("safe ");
        assertEquals(2, safe.size(), r.probe().toString()); // the timeout, the end of the run
        assertEquals(DRIVING, pinsBefore(safe.get(0)));
        assertEquals(BRAKE, pins(safe.get(0)));
        assertEquals(BRAKE, pins(safe.get(1)));
        System.out.println("command timeout 1 s: safe state " + safe.get(0).replaceAll(" writes.*", "")
                + " (from the last write; the timeout counts from the command's publication)");
    }

    @Test
    void theEStopCoastsTheMotorsAndCommandsAreIgnoredWhileItIsHeld(@TempDir Path dir) throws IOException {
        String estop = """
                  estop:
                    type: gpio-estop
                    rate_hz: 500
                    params: {provider: mock, pin: 26, simulate: true, sim_presses: [{at: 2s, for: 500ms}], pull: up,
                             active_low: false, debounce: 20ms}
                """;
        Run r = run(dir, profile("params: {}", "safe_state: coast\ncommand_timeout: 2s", estop, "wheel_cmd, estop"), "4s");
        assertEquals(0, r.code(), r.err());
        assertEquals(1, r.counter("safe_estop"));
        assertEquals(0, r.counter("safe_command_timeout"));
        assertTrue(r.counter("commands_ignored") > 20, "200 Hz of commands for 0.5 s: " + r.counters());
        List<String> safe = r.lines("safe ");
        assertEquals(2, safe.size(), r.probe().toString());
        assertEquals(DRIVING, pinsBefore(safe.get(0)));
        assertEquals(COAST, pins(safe.get(0)));
        assertEquals(COAST, pins(safe.get(1)));
        assertTrue(r.lines("close").getFirst().contains("non_finite_written=0"));
        assertEquals(DRIVING, pinsBefore(safe.get(1)), "it drove again after the release");
        for (JsonNode chain : r.summary().get("chains")) {
            if (chain.get("path").asText().equals("estop → motors")) {
                System.out.println("e-stop pin sample to the motors' stage (µs, the safe state is written in that"
                        + " handler): " + chain.get("end_to_end_us"));
            }
        }
    }

    @Test
    void nanInfiniteAndTooFastCommandsAreNeverWrittenRefusedOrClampedAndCounted(@TempDir Path dir) throws IOException {
        Run r = run(dir, profile("params: {nan_at: 500ms, inf_at: 1s, over_at: 1500ms}", "safe_state: brake\nmax_duty: 80\ncommand_timeout: 2s",
                "", "wheel_cmd"), "3s");
        assertEquals(0, r.code(), r.err());
        assertEquals(2, r.counter("commands_refused"), r.counters().toString());
        assertEquals(1, r.counter("commands_clamped"), r.counters().toString());
        assertTrue(r.lines("close").getFirst().contains("non_finite_written=0"), r.probe().toString());
        List<String> safe = r.lines("safe ");
        assertEquals(3, safe.size(), r.probe().toString()); // NaN, infinity, end of the run
        assertEquals(DRIVING, pinsBefore(safe.get(0)));
        assertEquals(BRAKE, pins(safe.get(0)));
        assertEquals(BRAKE, pins(safe.get(1)));
    }

    @Test
    void aFailingStageUpstreamStopsTheRunWithTheMotorsBraked(@TempDir Path dir) throws IOException {
        Run r = run(dir, profile("on_error: stop, params: {throw_at: 1s}", "safe_state: brake\ncommand_timeout: 2s", "", "wheel_cmd"), "5s");
        assertNotEquals(0, r.code(), "the run stops with an error");
        assertTrue(r.summary().get("stop_reason").asText().contains("script"), r.summary().get("stop_reason").asText());
        assertEquals(1, r.counter("safe_end_of_run"));
        List<String> safe = r.lines("safe ");
        assertEquals(DRIVING, pinsBefore(safe.getFirst()));
        assertEquals(BRAKE, pins(safe.getLast()));
    }

    @Test
    void aFailingOutputBrakesAtOnceThenRestartsAndDrivesAgain(@TempDir Path dir) throws IOException {
        Run r = run(dir, profile("params: {}", "safe_state: brake\nfail_at_write: 200\ncommand_timeout: 2s", "", "wheel_cmd").replace(
                "wait: sleep", "wait: sleep\n    on_error: restart"), "3s");
        assertEquals(0, r.code(), r.err());
        assertEquals(1, r.counter("safe_output_error"), r.counters().toString());
        assertEquals(1, r.counter("safe_restart"), r.counters().toString());
        List<String> safe = r.lines("safe ");
        assertEquals(DRIVING, pinsBefore(safe.get(0)));
        assertEquals(BRAKE, pins(safe.get(0)));
        assertTrue(safe.get(0).contains("writes=200"), safe.get(0));
        assertEquals(BRAKE, pins(safe.getLast()));
        assertEquals(DRIVING, pinsBefore(safe.getLast()), "it drove again after the restart");
        assertEquals(1, r.summary().get("stages").get("motors").get("errors").asLong());
    }

    @Test
    void drv8833WiringDrivesBothInputsWithPwmAndBrakesWithBothHigh(@TempDir Path dir) throws IOException {
        String yaml = profile("params: {stop_at: 1500ms}", "safe_state: brake\nwiring: in-in\ndecay: slow\ncommand_timeout: 1s", "", "wheel_cmd")
                .replace("left: {pwm: 12, in1: 5, in2: 6}", "left: {in1: 12, in2: 13}")
                .replace("right: {pwm: 13, in1: 20, in2: 21, invert: true}", "right: {in1: 18, in2: 19}");
        Run r = run(dir, yaml, "4s");
        assertEquals(0, r.code(), r.err());
        assertEquals(1, r.counter("safe_command_timeout"));
        List<String> safe = r.lines("safe ");
        // Slow decay at 50 %: IN1 high, IN2 at the inverted duty (50 %); brake: both inputs high.
        assertEquals("PWM12 100%, PWM13 50%, PWM18 100%, PWM19 50%", pinsBefore(safe.get(0)));
        assertEquals("PWM12 100%, PWM13 100%, PWM18 100%, PWM19 100%", pins(safe.get(0)));
    }

    static String configError(Path dir, String motorParams) throws IOException {
        Path profile = dir.resolve("bad.yaml");
        String pins = "      left: {pwm: 12, in1: 5, in2: 6}\n      right: {pwm: 13, in1: 20, in2: 21, invert: true}\n";
        assertTrue(GpioMotorsRunTest.PROFILE.contains(pins));
        Files.writeString(profile, GpioMotorsRunTest.PROFILE.replace(pins, motorParams.indent(6)));
        Cli cli = new Cli();
        int code = cli.run("run", profile.toString(), "--duration", "1s", "--report-dir", dir.resolve("r").toString());
        assertEquals(2, code, "a configuration error: " + cli.err);
        return cli.err.toString();
    }

    @Test
    void badWiringParamsAreConfigErrorsThatSayWhatIsAllowed(@TempDir Path dir) throws IOException {
        String unknown = configError(dir, "wiring: drv\nleft: {in1: 12, in2: 13}\nright: {in1: 18, in2: 19}");
        assertTrue(unknown.contains("in-in") && unknown.contains("pwm-dir"), unknown);
        String pwmKey = configError(dir, "wiring: in-in\nleft: {pwm: 12, in1: 5, in2: 6}\nright: {in1: 18, in2: 19}");
        assertTrue(pwmKey.contains("wiring: in-in (DRV8833) drives both inputs of a wheel with PWM"), pwmKey);
        String decay = configError(dir, "decay: slow\nleft: {pwm: 12, in1: 5, in2: 6}\nright: {pwm: 13, in1: 20, in2: 21}");
        assertTrue(decay.contains("decay (fast | slow) applies to wiring: in-in only"), decay);
        String noPwm = configError(dir, "left: {in1: 5, in2: 6}\nright: {pwm: 13, in1: 20, in2: 21}");
        assertTrue(noPwm.contains("needs the wheel's pwm pin") && noPwm.contains("wiring: in-in"), noPwm);
        String badDecay = configError(dir, "wiring: in-in\ndecay: medium\nleft: {in1: 12, in2: 13}\nright: {in1: 18, in2: 19}");
        assertTrue(badDecay.contains("fast") && badDecay.contains("slow"), badDecay);
        System.out.println("config errors:\n" + unknown + pwmKey + decay + noPwm + badDecay);
    }
}
