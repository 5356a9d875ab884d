package io.afferent.drivers.gpio.sim;

import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.DigitalStateChangeEvent;
import com.pi4j.io.gpio.digital.DigitalStateChangeListener;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import io.afferent.api.Clock;
import io.afferent.drivers.gpio.GpioSession;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The laptop simulator's HC-SR04: when the (mock) trigger pin falls, it raises the mock echo pin after
 * {@link #ECHO_DELAY_NANOS} for the round-trip time of the {@link RangeTruth} distance; no pulse when the
 * truth is NaN. Runs on its own thread ({@code sim-gpio-ranger}), sleeping to within 200 µs of each edge
 * and spinning the rest, so the echo width is exact to a few µs unless the machine preempts it.
 *
 * <p>Threads: the trigger listener runs on the ranger's reader thread and only records the time; the
 * echo edges are made on this class's own thread.
 */
public final class MockRangerEcho implements GpioSession.Attachment {
    /** HC-SR04: the echo rises after the 8-cycle 40 kHz burst, roughly. */
    public static final long ECHO_DELAY_NANOS = 250_000L;
    private static final long SPIN_NANOS = 200_000L;

    private final MockDigitalInput echo;
    private final DigitalOutput trigger;
    private final RangeTruth truth;
    private final double speedOfSoundMps;
    private final Clock clock;
    private final AtomicLong triggeredNanos = new AtomicLong(Long.MIN_VALUE);
    private final DigitalStateChangeListener onTrigger = new DigitalStateChangeListener() {
        @Override
        @SuppressWarnings("rawtypes")
        public void onDigitalStateChange(DigitalStateChangeEvent event) {
            if (!event.state().isHigh()) {
                triggeredNanos.set(clock.nanoTime());
            }
        }
    };
    private volatile boolean running;
    private Thread thread;

    public MockRangerEcho(GpioSession session, int triggerBcm, int echoBcm, RangeTruth truth, double speedOfSoundMps,
                          Clock clock) {
        this.echo = session.mockInput(echoBcm);
        this.trigger = session.output(triggerBcm);
        this.truth = truth;
        this.speedOfSoundMps = speedOfSoundMps;
        this.clock = clock;
        trigger.addListener(onTrigger);
    }

    /** Echo pulse width for the truth at {@code nanos}, or -1 for no echo. */
    public long pulseNanos(long nanos) {
        double d = truth.distanceM(nanos);
        return Double.isNaN(d) ? -1 : Math.round(2 * d / speedOfSoundMps * 1e9);
    }

    @Override
    public synchronized void start(GpioSession session) {
        running = true;
        thread = new Thread(this::loop, "sim-gpio-ranger");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        try {
            while (running) {
                long t = triggeredNanos.getAndSet(Long.MIN_VALUE);
                if (t == Long.MIN_VALUE) {
                    LockSupport.parkNanos(100_000);
                    continue;
                }
                long width = pulseNanos(t);
                if (width < 0) {
                    continue;
                }
                long rise = t + ECHO_DELAY_NANOS;
                sleepUntil(rise);
                echo.mockState(DigitalState.HIGH);
                sleepUntil(rise + width);
                echo.mockState(DigitalState.LOW);
            }
        } catch (RuntimeException e) {
            if (running) {
                throw e;
            }
        }
    }

    private void sleepUntil(long deadline) {
        long left;
        while ((left = deadline - clock.nanoTime()) > SPIN_NANOS && running) {
            LockSupport.parkNanos(left - SPIN_NANOS);
        }
        while (clock.nanoTime() - deadline < 0 && running) {
            Thread.onSpinWait();
        }
    }

    @Override
    public void stop() {
        running = false;
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            try {
                t.join(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            trigger.removeListener(onTrigger);
        } catch (RuntimeException e) {
            // context already shut down
        }
    }
}
