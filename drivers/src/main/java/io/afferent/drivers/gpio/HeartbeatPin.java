package io.afferent.drivers.gpio;

import com.pi4j.io.gpio.digital.DigitalOutput;
import io.afferent.api.Heartbeat;

/**
 * A stage's heartbeat output (the stage's {@code heartbeat: {pin: 21}} in a profile), toggled after each message
 * the stage handled, so the loop's period and jitter can be measured from outside with a logic analyser: the pin
 * shows a square wave at half the message rate, each edge one message. {@link #beat(long)} never throws and never allocates in this class (Pi4J's gpiod write is one
 * ioctl); a failed write is counted. After the session has closed (run shutting down) it does nothing.
 *
 * <p>Single thread: the stage thread that runs the cycle.
 */
public final class HeartbeatPin implements Heartbeat {
    private final GpioSession session;
    private final DigitalOutput pin;
    private boolean high;
    private long toggles;
    private volatile long failures;

    public HeartbeatPin(GpioSession session, int bcm) {
        this.session = session;
        this.pin = session.output(bcm);
    }

    /** One message handled: toggles the pin. {@code nowNanos} is not used by the pin. */
    @Override
    public void beat(long nowNanos) {
        if (session.closed()) {
            return;
        }
        high = !high;
        try {
            if (high) {
                pin.high();
            } else {
                pin.low();
            }
            toggles++;
        } catch (RuntimeException e) {
            failures++;
        }
    }

    public long toggles() {
        return toggles;
    }

    public long failures() {
        return failures;
    }
}
