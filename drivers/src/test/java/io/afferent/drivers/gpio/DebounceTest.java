package io.afferent.drivers.gpio;

import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import io.afferent.api.msg.Digital;
import io.afferent.drivers.testing.TestContext;
import io.afferent.runtime.clock.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Debounced bumper and emergency stop on a mock pin, read every 1 ms. */
class DebounceTest {
    static final long MS = 1_000_000L;
    private final GpioSession session = GpioSession.mock();
    private final ManualClock clock = new ManualClock(0);
    private final TestContext context = new TestContext(clock::nanoTime);
    private long t;

    @AfterEach
    void close() {
        session.close();
    }

    private Digital read(DebouncedInput in, MockDigitalInput pin, boolean high) throws Exception {
        if (pin.state().isHigh() != high) {
            pin.mockState(high ? DigitalState.HIGH : DigitalState.LOW);
        }
        t += MS;
        return TestSupport.sample(in, Digital.TYPE, t);
    }

    @Test
    void bouncesShorterThanTheDebounceTimeAreIgnored() throws Exception {
        MockDigitalInput pin = session.mockInput(16);
        pin.mockState(DigitalState.HIGH);                     // pulled up, switch open
        DebouncedInput bumper = new DebouncedInput(session, 16, PullResistance.PULL_UP, true, 5 * MS, false);
        bumper.open(context);
        assertFalse(read(bumper, pin, true).high);
        boolean[] bounce = {false, true, false, false, true, false, true}; // shorter than 5 ms each
        for (boolean level : bounce) {
            Digital s = read(bumper, pin, level);
            assertFalse(s.high, "still released while bouncing");
            assertEquals(0, s.changes);
        }
        Digital s = null;
        for (int i = 0; i < 6; i++) {
            s = read(bumper, pin, false);                     // pressed (active low), held
        }
        assertTrue(s.high);
        assertEquals(1, s.changes);
        for (int i = 0; i < 3; i++) {
            s = read(bumper, pin, true);                      // released but not yet for 5 ms
        }
        assertTrue(s.high);
        for (int i = 0; i < 3; i++) {
            s = read(bumper, pin, true);
        }
        assertFalse(s.high);
        assertEquals(2, s.changes);
    }

    @Test
    void emergencyStopAssertsAtOnceAndReleasesAfterTheDebounceTime() throws Exception {
        MockDigitalInput pin = session.mockInput(26);
        DebouncedInput estop = new DebouncedInput(session, 26, PullResistance.PULL_UP, false, 20 * MS, true);
        estop.open(context);
        assertFalse(read(estop, pin, false).high);
        Digital s = read(estop, pin, true);                   // a 1 ms glitch is enough to stop
        assertTrue(s.high);
        assertTrue(estop.active());
        assertEquals(1, s.changes);
        for (int i = 0; i < 20; i++) {                  // low read first at 0 ms, stable for 19 ms
            assertTrue(read(estop, pin, false).high, "released only after 20 ms stable");
        }
        s = read(estop, pin, false);                       // stable for 20 ms
        assertFalse(s.high);
        assertEquals(2, s.changes);
        assertTrue(estop.emergencyStop());
    }
}
