package io.afferent.drivers.gpio;

import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import io.afferent.api.msg.Range;
import io.afferent.drivers.testing.TestContext;
import io.afferent.runtime.clock.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HC-SR04 driver with a scripted echo on Pi4J mock pins and a manual clock. */
class RangerTest {
    static final int TRIGGER = 5;
    static final int ECHO = 6;

    private final ManualClock clock = new ManualClock(1_000_000_000L);
    private final GpioSession session = GpioSession.mock();
    private final TestContext context = new TestContext(clock::nanoTime);
    private final RangerOptions options = new RangerOptions(SpeedOfSound.fromTemperatureC(20), 25_000_000L, 10_000L, 4.0);
    private final AtomicInteger triggers = new AtomicInteger();
    private UltrasonicRanger ranger;
    private MockDigitalInput echo;

    @AfterEach
    void close() {
        session.close();
    }

    private void open() throws Exception {
        DigitalOutput trigger = session.output(TRIGGER);
        trigger.addListener(e -> {
            if (!e.state().isHigh()) {
                triggers.incrementAndGet();
            }
        });
        echo = session.mockInput(ECHO);
        ranger = new UltrasonicRanger(session, TRIGGER, ECHO, options, clock::nanoTime);
        ranger.open(context);
    }

    /** An echo pulse starting {@code delayNanos} after now, {@code widthNanos} wide. */
    private void echo(long delayNanos, long widthNanos) {
        clock.advanceNanos(delayNanos);
        echo.mockState(DigitalState.HIGH);
        clock.advanceNanos(widthNanos);
        echo.mockState(DigitalState.LOW);
    }

    private Range next() throws Exception {
        clock.advanceNanos(50_000_000);
        return TestSupport.sample(ranger, Range.TYPE, clock.nanoTime());
    }

    @Test
    void rangeFromPulseWidth() throws Exception {
        open();
        assertEquals(1, triggers.get(), "open fires the first trigger");
        double c = SpeedOfSound.fromTemperatureC(20);
        long width = Math.round(2 * 1.5 / c * 1e9);   // 1.5 m: 8.75 ms
        echo(250_000, width);
        Range s = next();
        assertFalse(s.noEcho);
        assertEquals(1.5, s.distanceM, 1e-6);
        assertEquals(2, triggers.get(), "each sample fires the next trigger");
        echo(250_000, Math.round(2 * 0.2 / c * 1e9));
        assertEquals(0.2, next().distanceM, 1e-6);
    }

    @Test
    void speedOfSoundFromTemperature() {
        assertEquals(331.3, SpeedOfSound.fromTemperatureC(0), 1e-9);
        assertEquals(343.42, SpeedOfSound.fromTemperatureC(20), 1e-9);
    }

    @Test
    void noEchoWithoutAPulse() throws Exception {
        open();
        Range s = next();
        assertTrue(s.noEcho);
        assertEquals(1, context.count("no_echo"));
    }

    @Test
    void noEchoWhenThePulseOutlastsTheTimeout() throws Exception {
        open();
        echo(250_000, 38_000_000);  // the HC-SR04's own "nothing there" pulse
        assertTrue(next().noEcho);
    }

    @Test
    void noEchoWhenThePulseHasNotEnded() throws Exception {
        open();
        clock.advanceNanos(250_000);
        echo.mockState(DigitalState.HIGH);
        assertTrue(next().noEcho);
    }

    @Test
    void noEchoBeyondMaximumRange() throws Exception {
        open();
        echo(250_000, Math.round(2 * 4.2 / SpeedOfSound.DEFAULT_MPS * 1e9)); // 24.5 ms: within the timeout
        assertTrue(next().noEcho);
    }

    @Test
    void ignoresEdgesFromBeforeTheTrigger() throws Exception {
        open();
        echo(250_000, 5_000_000);
        Range first = next();                       // consumes the echo of the first trigger
        assertFalse(first.noEcho);
        assertTrue(next().noEcho, "no echo for the second trigger");
    }
}
