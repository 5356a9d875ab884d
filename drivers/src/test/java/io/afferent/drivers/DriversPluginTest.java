package io.afferent.drivers;

import io.afferent.api.Heartbeat;
import io.afferent.api.SourceType;
import io.afferent.api.msg.Digital;
import io.afferent.api.msg.GpsFix;
import io.afferent.api.msg.Imu;
import io.afferent.api.msg.Range;
import io.afferent.api.msg.Wheels;
import io.afferent.api.truth.GroundTruth;
import io.afferent.drivers.gpio.DebouncedInput;
import io.afferent.drivers.gpio.EdgeEncoders;
import io.afferent.drivers.gpio.GpioProvider;
import io.afferent.drivers.gpio.GpioRun;
import io.afferent.drivers.gpio.GpioSession;
import io.afferent.drivers.gpio.HeartbeatPin;
import io.afferent.drivers.gpio.PolledEncoders;
import io.afferent.drivers.gpio.UltrasonicRanger;
import io.afferent.drivers.testing.StraightDrive;
import io.afferent.drivers.testing.TestRun;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The drivers plugin as the runtime finds it: its service file, its types, and the shipped sim-gpio profile. */
class DriversPluginTest {
    static final Path SIM_GPIO = Path.of("..", "config", "profiles", "sim-gpio.yaml");

    @Test
    void isFoundByServiceLoaderAndRegistersEveryDriverType() throws Exception {
        try (TestRun run = TestRun.of("empty.yaml", "sources: {}")) {
            assertTrue(run.plugins().contains("drivers"), run.plugins().toString());
            Map<String, SourceType<?>> t = run.types();
            assertEquals(List.of("nmea-serial", "witmotion-serial", "gpio-encoders", "gpio-encoders-poll", "gpio-ranger",
                    "gpio-input", "gpio-estop"), List.copyOf(t.keySet()));
            assertType(t.get("nmea-serial"), GpsFix.TYPE.name(), false, "serial");
            assertType(t.get("witmotion-serial"), Imu.TYPE.name(), false, "serial");
            assertType(t.get("gpio-encoders"), Wheels.TYPE.name(), false, "gpio");
            assertType(t.get("gpio-encoders-poll"), Wheels.TYPE.name(), true, "gpio");
            assertType(t.get("gpio-ranger"), Range.TYPE.name(), true, "gpio");
            assertType(t.get("gpio-input"), Digital.TYPE.name(), true, "gpio");
            assertType(t.get("gpio-estop"), Digital.TYPE.name(), true, "gpio");
        }
    }

    private static void assertType(SourceType<?> t, String message, boolean periodic, String tag) {
        assertEquals(message, t.messageType().name(), t.name());
        assertEquals(periodic, t.periodic(), t.name());
        assertEquals(Set.of(tag), t.tags(), t.name());
    }

    @Test
    void theSimGpioProfileBuildsOnOneMockSessionWithAStageLevelHeartbeat() throws Exception {
        GpioSession session;
        try (TestRun run = TestRun.of(SIM_GPIO)) {
            run.provide(GroundTruth.class, new StraightDrive(run.originNanos(), 0.8));
            EdgeEncoders wheels = assertInstanceOf(EdgeEncoders.class, run.source("wheels"));
            assertInstanceOf(UltrasonicRanger.class, run.source("range"));
            DebouncedInput estop = assertInstanceOf(DebouncedInput.class, run.source("estop"));
            assertTrue(estop.emergencyStop());
            Heartbeat hb = run.heartbeat("fusion");
            assertInstanceOf(HeartbeatPin.class, hb);
            session = run.service(GpioRun.class).session();
            assertEquals(GpioProvider.MOCK, session.provider());
            assertNotNull(wheels);
            hb.beat(0);
            assertTrue(session.output(21).state().isHigh(), "the heartbeat drives BCM 21 of the run's session");
            assertFalse(session.closed());
        }
        assertTrue(session.closed(), "the run's end closes the session");
    }

    @Test
    void withoutTheRunHookTheSourcesStillShareOneSessionClosedAtTheEnd() throws Exception {
        String yaml = """
                sources:
                  left:
                    type: gpio-encoders-poll
                    rate_hz: 1000
                    params: {provider: mock, left: {a: 17, b: 27}, right: {a: 22, b: 23}}
                  bumper:
                    type: gpio-input
                    rate_hz: 100
                    params: {pin: 16}
                """;
        GpioSession session;
        try (TestRun run = TestRun.of("test.yaml", yaml).withoutRunHooks()) {
            assertInstanceOf(PolledEncoders.class, run.source("left"));
            assertInstanceOf(DebouncedInput.class, run.source("bumper"));
            assertEquals(null, run.service(GpioRun.class), "no hook ran");
            session = run.sharedObject(GpioRun.class).session();
            assertFalse(session.closed());
        }
        assertTrue(session.closed());
        assertSame(GpioProvider.MOCK, session.provider(), "the bumper (auto) joined the encoders' mock session");
    }
}
