package io.afferent.drivers.gpio;

import com.pi4j.io.gpio.digital.DigitalInput;
import io.afferent.api.PeriodicSource;
import io.afferent.api.SourceContext;
import io.afferent.api.msg.Wheels;

/**
 * Quadrature wheel encoders in poll mode (profile type {@code gpio-encoders-poll}): the reader reads
 * all four pins once per period ({@code rate_hz}) and publishes a {@link Wheels} message every period.
 * Correct only while no channel changes twice within a period: the pin rate must exceed the highest
 * edge rate (ticks per second per wheel) with margin; both pins changing between two reads is counted
 * as an illegal transition. No listener threads, no queue; costs one pin read per channel per period.
 *
 * <p>Single thread: the reader thread.
 */
public final class PolledEncoders implements PeriodicSource<Wheels> {
    private final GpioSession session;
    private final EncoderPins leftPins;
    private final EncoderPins rightPins;
    private final EncoderOptions options;
    private final WheelPair wheels;
    private SourceContext context;
    private boolean acquired;
    private DigitalInput la;
    private DigitalInput lb;
    private DigitalInput ra;
    private DigitalInput rb;

    public PolledEncoders(GpioSession session, EncoderPins left, EncoderPins right, EncoderOptions options) {
        this.session = session;
        this.leftPins = left;
        this.rightPins = right;
        this.options = options;
        this.wheels = new WheelPair(left, right, options);
    }

    @Override
    public void open(SourceContext ctx) throws Exception {
        context = ctx;
        la = session.input(leftPins.aBcm(), options.pull());
        lb = session.input(leftPins.bBcm(), options.pull());
        ra = session.input(rightPins.aBcm(), options.pull());
        rb = session.input(rightPins.bBcm(), options.pull());
        wheels.left.levels(la.state().isHigh(), lb.state().isHigh());
        wheels.right.levels(ra.state().isHigh(), rb.state().isHigh());
        session.acquire();
        acquired = true;
    }

    @Override
    public boolean sample(long acquiredNanos, Wheels out) {
        wheels.left.sample(la.state().isHigh(), lb.state().isHigh(), acquiredNanos);
        wheels.right.sample(ra.state().isHigh(), rb.state().isHigh(), acquiredNanos);
        wheels.fill(out, acquiredNanos);
        return true;
    }

    @Override
    public void close() {
        if (acquired) {
            acquired = false;
            session.release(!context.running());
        }
    }

    public double leftTicksPerSecond() {
        return wheels.leftTicksPerSecond();
    }

    public double rightTicksPerSecond() {
        return wheels.rightTicksPerSecond();
    }
}
