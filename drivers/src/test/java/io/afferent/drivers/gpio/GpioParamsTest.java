package io.afferent.drivers.gpio;

import io.afferent.api.ConfigError;
import io.afferent.drivers.testing.TestRun;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The params of the GPIO source types and of a stage's heartbeat through the plugin: each error with
 * file:line:col, the key and what is allowed, pin and provider clashes between users of the run's one session.
 */
class GpioParamsTest {
    /** One source {@code s} of {@code type} at 100 Hz with {@code params} (params start at line 6). */
    private static String profile(String type, String params) {
        return """
                sources:
                  s:
                    type: %s
                    rate_hz: 100
                    params:
                %s""".formatted(type, params.indent(6));
    }

    private static String error(String type, String params) throws Exception {
        try (TestRun run = TestRun.of("test.yaml", profile(type, params))) {
            return assertThrows(ConfigError.class, () -> run.source("s")).getMessage();
        }
    }

    private static final String ENCODERS = """
            provider: mock
            left: {a: 17, b: 27}
            right: {a: 22, b: 23}
            """;

    @Test
    void providerIsOneOfAutoGpiodMock() throws Exception {
        assertEquals("test.yaml:6:17: sources.s.params.provider: 'pigpio' is not allowed (allowed: auto, gpiod, mock)",
                error("gpio-input", "provider: pigpio\npin: 16"));
    }

    @Test
    void realGpioOnAMachineWithoutItIsAConfigErrorSayingHowToMock() throws Exception {
        Assumptions.assumeTrue(GpioHost.current().chips().isEmpty(), "this machine has a GPIO chip");
        String msg = error("gpio-input", "pin: 16");
        assertTrue(msg.startsWith("test.yaml:6:7: sources.s.params.provider: no GPIO chip found (no /dev/gpiochip*); "
                + "tried provider 'gpiod' (Pi4J auto-selected) on "), msg);
        assertTrue(msg.endsWith("set 'provider: mock' in this source's params"), msg);
    }

    @Test
    void pinsAreBcm0To27() throws Exception {
        assertEquals("test.yaml:7:12: sources.s.params.pin: 28 is out of range (allowed: 0 to 27)",
                error("gpio-input", "provider: mock\npin: 28"));
        assertEquals("test.yaml:6:7: sources.s.params.trigger_pin: is required but missing",
                error("gpio-ranger", "provider: mock\necho_pin: 6"));
        assertEquals("test.yaml:7:13: sources.s.params.left.a: is required but missing",
                error("gpio-encoders", "provider: mock\nleft: {b: 27}\nright: {a: 22, b: 23}"));
    }

    @Test
    void encoderParams() throws Exception {
        assertEquals("test.yaml:7:28: sources.s.params.left.index: unknown key in sources.s.params.left "
                        + "(allowed: a, b, reversed)",
                error("gpio-encoders", "provider: mock\nleft: {a: 17, b: 27, index: 5}\nright: {a: 22, b: 23}"));
        assertEquals("test.yaml:9:19: sources.s.params.edge_queue: 1000 is not a power of two",
                error("gpio-encoders", ENCODERS + "edge_queue: 1000"));
        assertEquals("test.yaml:9:19: sources.s.params.edge_queue: 8 is out of range (allowed: 16 to 1048576)",
                error("gpio-encoders", ENCODERS + "edge_queue: 8"));
        assertEquals("test.yaml:9:13: sources.s.params.pull: 'sideways' is not allowed (allowed: up, down, off)",
                error("gpio-encoders-poll", ENCODERS + "pull: sideways"));
        assertEquals("test.yaml:9:24: sources.s.params.velocity_window: 0ms is out of range (allowed: 1ms to 10s)",
                error("gpio-encoders", ENCODERS + "velocity_window: 0ms"));
        assertEquals("test.yaml:9:7: sources.s.params.window: unknown key in sources.s.params (allowed: provider, chip, "
                        + "simulate, left, right, edge_queue, pull, velocity_window, min_publish_interval, "
                        + "idle_publish_interval, reorder_window)",
                error("gpio-encoders", ENCODERS + "window: 1s"));
    }

    @Test
    void simulatedEncodersNeedASimulatedWorld() throws Exception {
        assertEquals("test.yaml:9:17: sources.s.params.simulate: the simulator moves the encoder pins with its "
                        + "simulated wheels, and this run has no simulated world: add a 'sim:' section to the profile, "
                        + "or drive real pins (no 'simulate')",
                error("gpio-encoders", ENCODERS + "simulate: true"));
    }

    @Test
    void rangerParams() throws Exception {
        String pins = "provider: mock\ntrigger_pin: 5\necho_pin: 6\n";
        assertEquals("test.yaml:9:22: sources.s.params.temperature_c: 80 is out of range (allowed: -40 to 60)",
                error("gpio-ranger", pins + "temperature_c: 80"));
        assertEquals("test.yaml:9:27: sources.s.params.speed_of_sound_mps: 100 is out of range (allowed: 300 to 400)",
                error("gpio-ranger", pins + "speed_of_sound_mps: 100"));
        assertEquals("test.yaml:10:7: sources.s.params.speed_of_sound_mps: unknown key in sources.s.params (allowed: "
                        + "provider, chip, simulate, trigger_pin, echo_pin, temperature_c, echo_timeout, max_range_m)",
                error("gpio-ranger", pins + "temperature_c: 20\nspeed_of_sound_mps: 343\necho_timeout: 5ms"),
                "temperature_c and speed_of_sound_mps exclude each other");
        assertEquals("test.yaml:9:21: sources.s.params.echo_timeout: must be shorter than the period (10ms at rate_hz "
                        + "100.0): the echo of one trigger is read before the next is fired",
                error("gpio-ranger", pins + "echo_timeout: 10ms"));
        assertEquals("test.yaml:6:7: sources.s.params.echo_timeout: must be shorter than the period (10ms at rate_hz "
                        + "100.0): the echo of one trigger is read before the next is fired",
                error("gpio-ranger", pins), "the default 25 ms at 100 Hz");
        assertEquals("test.yaml:10:20: sources.s.params.max_range_m: 20 is out of range (allowed: 0.05 to 10)",
                error("gpio-ranger", pins + "echo_timeout: 5ms\nmax_range_m: 20"));
    }

    @Test
    void inputParams() throws Exception {
        assertEquals("test.yaml:8:17: sources.s.params.debounce: 2s is out of range (allowed: 0s to 1s)",
                error("gpio-input", "provider: mock\npin: 16\ndebounce: 2s"));
        assertEquals("test.yaml:8:19: sources.s.params.active_low: expected true or false, found the integer 1",
                error("gpio-estop", "provider: mock\npin: 26\nactive_low: 1"));
        assertEquals("test.yaml:9:21: sources.s.params.sim_presses[0]: expected {at: 2s, for: 500ms}, found the integer 3",
                error("gpio-estop", "provider: mock\npin: 26\nsimulate: true\nsim_presses: [3]"));
        assertEquals("test.yaml:9:39: sources.s.params.sim_presses[0].hold: unknown key in sources.s.params.sim_presses[0] "
                        + "(allowed: at, for)",
                error("gpio-estop", "provider: mock\npin: 26\nsimulate: true\nsim_presses: [{at: 1s, for: 1s, hold: 1s}]"));
        assertEquals("test.yaml:8:7: sources.s.params.sim_presses: unknown key in sources.s.params (allowed: provider, "
                        + "chip, simulate, pin, active_low, pull, debounce)",
                error("gpio-input", "provider: mock\npin: 16\nsim_presses: [{at: 1s}]"));
    }

    @Test
    void aPinHasOneOwnerAndAllUsersShareOneProvider() throws Exception {
        String yaml = """
                sources:
                  wheels:
                    type: gpio-encoders
                    params: {provider: mock, left: {a: 17, b: 27}, right: {a: 22, b: 23}}
                  bumper:
                    type: gpio-input
                    rate_hz: 100
                    params: {pin: 17}
                  other:
                    type: gpio-input
                    rate_hz: 100
                    params: {provider: gpiod, pin: 5}
                stages:
                  fusion:
                    heartbeat: {pin: 23, provider: mock}
                """;
        try (TestRun run = TestRun.of("test.yaml", yaml)) {
            run.source("wheels");
            assertEquals("test.yaml:8:19: sources.bumper.params.pin: BCM 17 is already used by sources.wheels",
                    assertThrows(ConfigError.class, () -> run.source("bumper")).getMessage());
            assertEquals("test.yaml:12:24: sources.other.params.provider: all GPIO users of a profile share one Pi4J "
                            + "context, and sources.wheels uses 'mock'",
                    assertThrows(ConfigError.class, () -> run.source("other")).getMessage());
            assertEquals("test.yaml:15:22: stages.fusion.heartbeat.pin: BCM 23 is already used by sources.wheels",
                    assertThrows(ConfigError.class, () -> run.heartbeat("fusion")).getMessage());
        }
    }

    @Test
    void heartbeatParams() throws Exception {
        String yaml = """
                stages:
                  fusion:
                    heartbeat: {provider: mock, pin: 21, polarity: high}
                  other:
                    heartbeat: {provider: mock}
                """;
        try (TestRun run = TestRun.of("test.yaml", yaml)) {
            assertEquals("test.yaml:3:42: stages.fusion.heartbeat.polarity: unknown key in stages.fusion.heartbeat "
                            + "(allowed: provider, chip, pin)",
                    assertThrows(ConfigError.class, () -> run.heartbeat("fusion")).getMessage());
            assertEquals("test.yaml:5:16: stages.other.heartbeat.pin: is required but missing",
                    assertThrows(ConfigError.class, () -> run.heartbeat("other")).getMessage());
        }
    }
}
