package io.afferent.drivers.gpio;

import io.afferent.api.StreamOutput;
import io.afferent.api.msg.Digital;
import io.afferent.api.msg.Wheels;
import io.afferent.api.truth.GroundTruth;
import io.afferent.api.truth.TruthState;
import io.afferent.drivers.testing.StraightDrive;
import io.afferent.drivers.testing.TestContext;
import io.afferent.drivers.testing.TestRun;
import io.afferent.runtime.clock.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code simulate: true} through the plugin's factories: the mock pins move with the run's {@link GroundTruth}
 * service (encoders) or the profile's script (a switch), on the simulator's own pin threads.
 */
@Timeout(60) // hang guard only
class SimulatedPinsTest {
    /**
     * The encoders the factory builds, on a manual clock: after each step of the clock the simulator's pin thread
     * (which follows the clock) moves the mock pins to the ground truth's wheel travel at that time, and the
     * driver's count reaches exactly the true ticks since the source was made, never more, stamped with that time.
     */
    @Test
    void encoderCountsFollowTheGroundTruthsWheelTravelExactly() throws Exception {
        String yaml = """
                robot: {wheel_radius_m: 0.05, encoder_ticks_per_rev: 1440}
                sources:
                  wheels:
                    type: gpio-encoders
                    params:
                      provider: mock
                      simulate: true
                      left: {a: 17, b: 27}
                      right: {a: 22, b: 23, reversed: true}
                      min_publish_interval: 0s
                """;
        ManualClock clock = new ManualClock(5_000_000_000L);
        try (TestRun run = TestRun.of("test.yaml", yaml, clock::nanoTime)) {
            GroundTruth truth = new StraightDrive(run.originNanos(), 0.5);
            run.provide(GroundTruth.class, truth);
            EdgeEncoders wheels = (EdgeEncoders) run.source("wheels");
            double ticksPerM = 1440 / (2 * Math.PI * 0.05);
            Last last = new Last();
            TestContext ctx = new TestContext(clock::nanoTime);
            wheels.open(ctx); // the only expected user: the pin thread starts now
            try {
                for (int step = 1; step <= 200; step++) {
                    clock.advanceNanos(5_000_000L);
                    long now = clock.nanoTime();
                    long expected = ticks(truth, now, ticksPerM) - ticks(truth, run.originNanos(), ticksPerM);
                    for (int polls = 0; polls < 100_000 && !at(last.wheels, expected); polls++) {
                        wheels.poll(last);
                        assertTrue(last.wheels.leftTicks <= expected && last.wheels.rightTicks <= expected,
                                "never ahead of the truth");
                        if (!at(last.wheels, expected)) {
                            Thread.sleep(0, 100_000);
                        }
                    }
                    assertEquals(expected, last.wheels.leftTicks, "left at step " + step);
                    assertEquals(expected, last.wheels.rightTicks, "right (mounted reversed) at step " + step);
                    assertEquals(now, last.acquiredNanos, "stamped with the last edge");
                }
            } finally {
                ctx.running = false;
                wheels.close();
            }
            assertTrue(last.wheels.leftTicks > 2000, "moved: " + last.wheels.leftTicks);
            assertEquals(0, last.wheels.illegalTransitions);
            assertEquals(0, ctx.count("edges_lost"));
            assertTrue(run.service(GpioRun.class).session().closed(), "the last source closing at the end closes it");
        }
    }

    private static boolean at(Wheels w, long ticks) {
        return w.leftTicks == ticks && w.rightTicks == ticks;
    }

    private static long ticks(GroundTruth truth, long nanos, double ticksPerM) {
        TruthState s = new TruthState();
        truth.truthAt(nanos, s);
        return (long) Math.floor(s.leftTravelM * ticksPerM);
    }

    /** Keeps only the last message (both wheels travel alike; the right encoder is mounted reversed). */
    private static final class Last implements StreamOutput<Wheels> {
        final Wheels wheels = new Wheels();
        long acquiredNanos;

        @Override
        public Wheels claim() {
            Wheels.TYPE.clear(wheels);
            return wheels;
        }

        @Override
        public void publish(long acquiredNanos) {
            this.acquiredNanos = acquiredNanos;
        }

        @Override
        public void abandon() {
        }
    }

    @Test
    void theSimulatorPressesTheEmergencyStopAtTheScriptedTime() throws Exception {
        String yaml = """
                sources:
                  estop:
                    type: gpio-estop
                    rate_hz: 1000
                    params: {provider: mock, pin: 26, simulate: true, sim_presses: [{at: 0s, for: 1h}]}
                """;
        try (TestRun run = TestRun.of("test.yaml", yaml)) {
            DebouncedInput estop = (DebouncedInput) run.source("estop");
            TestContext ctx = new TestContext();
            estop.open(ctx); // the only expected user: the switch thread starts now
            Digital d = new Digital();
            for (int i = 0; i < 5_000 && !d.high; i++) {
                Thread.sleep(1);
                d.clear();
                estop.sample(System.nanoTime(), d);
            }
            assertTrue(d.high, "pressed");
            assertTrue(d.emergencyStop);
            assertEquals(1, d.changes);
            ctx.running = false;
            estop.close();
        }
    }
}
