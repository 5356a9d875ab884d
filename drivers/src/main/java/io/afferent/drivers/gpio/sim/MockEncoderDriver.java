package io.afferent.drivers.gpio.sim;

import io.afferent.api.Clock;
import io.afferent.drivers.gpio.EncoderPins;
import io.afferent.drivers.gpio.GpioSession;

import java.util.concurrent.locks.LockSupport;

/**
 * The laptop simulator's wheel encoders: from a {@link WheelTravel} it moves both encoders' mock pins
 * edge by edge, on its own thread ({@code sim-gpio-encoders}), so the real edge-mode or poll-mode driver
 * decodes them. The tick count at the driver's origin (when it was made) is position 0, with both pins
 * low, so a decoder that starts counting from the pins' levels at open counts
 * {@code floor(travel(t)·ticksPerMetre) - originTicks}.
 *
 * <p>Threads: made on the set-up thread; {@link #advanceTo(long)} from one thread at a time
 * (its own thread once started, or a test without starting it).
 */
public final class MockEncoderDriver implements GpioSession.Attachment {
    private final WheelTravel travel;
    private final double ticksPerMetre;
    private final Clock clock;
    private final long stepNanos;
    private final MockQuadratureWheel left;
    private final MockQuadratureWheel right;
    private final long leftOriginTicks;
    private final long rightOriginTicks;
    private volatile boolean running;
    private Thread thread;

    /**
     * @param stepNanos how often the thread catches up with the travel (edges due in between are emitted
     *                  together, in order)
     */
    public MockEncoderDriver(GpioSession session, EncoderPins leftPins, EncoderPins rightPins, double ticksPerMetre,
                             WheelTravel travel, Clock clock, long stepNanos) {
        this.travel = travel;
        this.ticksPerMetre = ticksPerMetre;
        this.clock = clock;
        this.stepNanos = stepNanos;
        this.left = new MockQuadratureWheel(session.mockInput(leftPins.aBcm()), session.mockInput(leftPins.bBcm()),
                leftPins.reversed());
        this.right = new MockQuadratureWheel(session.mockInput(rightPins.aBcm()), session.mockInput(rightPins.bBcm()),
                rightPins.reversed());
        long now = clock.nanoTime();
        this.leftOriginTicks = ticks(travel.leftM(now));
        this.rightOriginTicks = ticks(travel.rightM(now));
    }

    private long ticks(double metres) {
        return (long) Math.floor(metres * ticksPerMetre);
    }

    /** Emits every edge due by {@code nanos}. */
    public void advanceTo(long nanos) {
        left.moveTo(ticks(travel.leftM(nanos)) - leftOriginTicks);
        right.moveTo(ticks(travel.rightM(nanos)) - rightOriginTicks);
    }

    /** True left ticks since the origin at {@code nanos}, what a perfect decoder would count. */
    public long trueLeftTicks(long nanos) {
        return ticks(travel.leftM(nanos)) - leftOriginTicks;
    }

    /** True right ticks since the origin at {@code nanos}. */
    public long trueRightTicks(long nanos) {
        return ticks(travel.rightM(nanos)) - rightOriginTicks;
    }

    public long leftPosition() {
        return left.position();
    }

    public long rightPosition() {
        return right.position();
    }

    @Override
    public synchronized void start(GpioSession session) {
        running = true;
        thread = new Thread(this::loop, "sim-gpio-encoders");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (running) {
            try {
                advanceTo(clock.nanoTime());
            } catch (RuntimeException e) {
                if (running) {
                    throw e;
                }
                return; // the session closed under us at shutdown
            }
            LockSupport.parkNanos(stepNanos);
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
    }
}
