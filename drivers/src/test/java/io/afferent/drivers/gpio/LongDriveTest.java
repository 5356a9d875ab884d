package io.afferent.drivers.gpio;

import io.afferent.api.msg.Wheels;
import io.afferent.drivers.gpio.sim.MockEncoderDriver;
import io.afferent.drivers.gpio.sim.WheelTravel;
import io.afferent.drivers.testing.CollectingOutput;
import io.afferent.drivers.testing.TestContext;
import io.afferent.runtime.clock.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The laptop simulator's pin driver and the real decoders, stepped by hand on a manual clock (no
 * real-time threads): encoder distance must equal true wheel travel to within one tick.
 */
class LongDriveTest {
    static final double WHEEL_RADIUS_M = 0.05;
    static final int TICKS_PER_REV = 1440;
    static final double TICKS_PER_M = TICKS_PER_REV / (2 * Math.PI * WHEEL_RADIUS_M);
    static final double M_PER_TICK = 1 / TICKS_PER_M;

    private final ManualClock clock = new ManualClock(0);
    private final GpioSession session = GpioSession.mock();
    private final TestContext context = new TestContext(clock::nanoTime);
    private final CollectingOutput<Wheels> sink = new CollectingOutput<>(Wheels.TYPE);

    @AfterEach
    void close() {
        session.close();
    }

    /** Forward at up to 1 m/s with speed changes, a reversal of the left wheel, a stop. */
    static final WheelTravel SCRIPTED = new WheelTravel() {
        @Override
        public double leftM(long nanos) {
            double t = nanos * 1e-9;
            return 0.8 * t + 0.3 * Math.sin(0.7 * t) - (t > 100 ? 0.5 * (t - 100) : 0);
        }

        @Override
        public double rightM(long nanos) {
            double t = Math.min(nanos * 1e-9, 150);
            return 0.9 * t - 0.2 * Math.sin(0.37 * t);
        }
    };

    @Test
    void edgeModeDistanceMatchesTrueTravelOverALongDrive() throws Exception {
        EncoderPins left = new EncoderPins(17, 27, true);  // the left encoder is mounted mirrored
        EncoderPins right = new EncoderPins(22, 23, false);
        clock.advanceTo(1_000_000L);
        MockEncoderDriver driver = new MockEncoderDriver(session, left, right, TICKS_PER_M, SCRIPTED, clock::nanoTime, 0);
        EdgeEncoders e = new EdgeEncoders(session, left, right, EncoderOptions.defaults(TICKS_PER_REV), clock::nanoTime);
        e.open(context);
        long end = 160_000_000_000L;      // 160 s, about 100 m per wheel, ~460,000 ticks each
        for (long t = clock.nanoTime(); t < end; t += 2_000_000) {
            clock.advanceTo(t);
            driver.advanceTo(t);
            e.poll(sink);
        }
        clock.advanceTo(end);
        driver.advanceTo(end);
        clock.advanceNanos(10_000_000L); // past the reorder window, wheels still moving a little after this
        e.poll(sink);
        Wheels s = sink.last();
        long now = end;
        assertEquals(driver.trueLeftTicks(now), s.leftTicks);
        assertEquals(driver.trueRightTicks(now), s.rightTicks);
        double leftTrueM = SCRIPTED.leftM(now) - SCRIPTED.leftM(1_000_000L);
        double rightTrueM = SCRIPTED.rightM(now) - SCRIPTED.rightM(1_000_000L);
        assertTrue(Math.abs(leftTrueM) > 80, "a long drive: " + leftTrueM);
        assertEquals(leftTrueM, s.leftTicks * M_PER_TICK, M_PER_TICK);
        assertEquals(rightTrueM, s.rightTicks * M_PER_TICK, M_PER_TICK);
        assertEquals(0, s.illegalTransitions);
        assertEquals(0, context.count("edges_lost"));
    }

    @Test
    void pollModeDistanceMatchesTrueTravelWhenSampledFasterThanTheEdges() throws Exception {
        EncoderPins left = new EncoderPins(17, 27, false);
        EncoderPins right = new EncoderPins(22, 23, false);
        MockEncoderDriver driver = new MockEncoderDriver(session, left, right, TICKS_PER_M, SCRIPTED, clock::nanoTime, 0);
        PolledEncoders p = new PolledEncoders(session, left, right, EncoderOptions.defaults(TICKS_PER_REV));
        p.open(context);
        Wheels s = null;
        for (long t = 50_000; t <= 20_000_000_000L; t += 50_000) {  // 20 kHz, about 4 edges/ms at most
            clock.advanceTo(t);
            driver.advanceTo(t);
            s = TestSupport.sample(p, Wheels.TYPE, t);
        }
        long now = clock.nanoTime();
        assertEquals(driver.trueLeftTicks(now), s.leftTicks);
        assertEquals(driver.trueRightTicks(now), s.rightTicks);
        // The velocity estimate travels in the sample: right wheel d/dt(0.9 t - 0.2 sin 0.37 t) at t = 20 s.
        double trueRightTicksPerS = (0.9 - 0.2 * 0.37 * Math.cos(0.37 * 20.0)) * TICKS_PER_M;
        assertEquals(p.rightTicksPerSecond(), s.rightTicksPerS);
        assertEquals(trueRightTicksPerS, s.rightTicksPerS, 0.03 * trueRightTicksPerS);
        assertEquals(SCRIPTED.leftM(now) - SCRIPTED.leftM(0), s.leftTicks * M_PER_TICK, M_PER_TICK);
        assertEquals(0, s.illegalTransitions);
    }
}
