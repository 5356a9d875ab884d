package io.afferent.drivers.gpio;

import com.pi4j.io.gpio.digital.DigitalOutput;

import java.util.function.LongConsumer;

/**
 * An output toggled once per fusion cycle, so the loop's period and jitter can be measured from outside
 * with a logic analyser: the pin shows a square wave at half the cycle rate, each edge one cycle.
 * {@link #accept(long)} never throws and never allocates in this class (Pi4J's gpiod write is one
 * ioctl); a failed write is counted. After the session has closed (run shutting down) it does nothing.
 *
 * <p>Single thread: the stage thread that runs the cycle.
 */
public final class HeartbeatPin implements LongConsumer {
    private final GpioSession session;
    private final DigitalOutput pin;
    private boolean high;
    private long toggles;
    private volatile long failures;

    public HeartbeatPin(GpioSession session, int bcm) {
        this.session = session;
        this.pin = session.output(bcm);
    }

    /** One cycle: toggles the pin. {@code cycleNanos} (the cycle's timestamp) is not used by the pin. */
    @Override
    public void accept(long cycleNanos) {
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
