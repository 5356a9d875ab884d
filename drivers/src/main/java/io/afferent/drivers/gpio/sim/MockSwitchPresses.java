package io.afferent.drivers.gpio.sim;

import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import io.afferent.api.Clock;
import io.afferent.drivers.gpio.GpioSession;

import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The laptop simulator's hand on a switch: presses a mock input (a bumper, an emergency stop) during
 * scripted windows of the run, so that the path from pin to stage can be seen in a run without
 * hardware. Runs on its own thread ({@code sim-gpio-switch-BCM}); pin states are levels, so a late
 * wake-up only shifts a press, it never loses one.
 */
public final class MockSwitchPresses implements GpioSession.Attachment {
    /** A press from {@code atNanos} after the origin, held for {@code forNanos}. */
    public record Press(long atNanos, long forNanos) {
    }

    private final MockDigitalInput pin;
    private final int bcm;
    private final DigitalState pressed;
    private final DigitalState released;
    private final List<Press> presses;
    private final long originNanos;
    private final Clock clock;
    private volatile boolean running;
    private Thread thread;

    /** @param activeHigh whether a pressed switch reads high (the level that means "active") */
    public MockSwitchPresses(GpioSession session, int bcm, boolean activeHigh, List<Press> presses, long originNanos,
                             Clock clock) {
        this.pin = session.mockInput(bcm);
        this.bcm = bcm;
        this.pressed = activeHigh ? DigitalState.HIGH : DigitalState.LOW;
        this.released = activeHigh ? DigitalState.LOW : DigitalState.HIGH;
        this.presses = List.copyOf(presses);
        this.originNanos = originNanos;
        this.clock = clock;
        pin.mockState(released);
    }

    @Override
    public synchronized void start(GpioSession session) {
        running = true;
        thread = new Thread(this::run, "sim-gpio-switch-" + bcm);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        for (Press p : presses) {
            if (!sleepUntil(originNanos + p.atNanos())) {
                return;
            }
            pin.mockState(pressed);
            if (!sleepUntil(originNanos + p.atNanos() + p.forNanos())) {
                return;
            }
            pin.mockState(released);
        }
    }

    private boolean sleepUntil(long deadline) {
        long left;
        while (running && (left = deadline - clock.nanoTime()) > 0) {
            LockSupport.parkNanos(Math.min(left, 50_000_000L));
        }
        return running;
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (thread != null) {
            LockSupport.unpark(thread);
        }
    }
}
