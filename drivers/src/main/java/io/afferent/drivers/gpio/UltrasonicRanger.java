package io.afferent.drivers.gpio;

import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalStateChangeEvent;
import com.pi4j.io.gpio.digital.DigitalStateChangeListener;
import com.pi4j.io.gpio.digital.PullResistance;
import io.afferent.api.Clock;
import io.afferent.api.Counter;
import io.afferent.api.PeriodicSource;
import io.afferent.api.SourceContext;
import io.afferent.api.msg.Range;

/**
 * HC-SR04 style ultrasonic ranger (profile type {@code gpio-ranger}), pipelined so the reader never
 * waits for an echo: each period it first turns the echo of the previous trigger into a {@link Range}
 * message, then fires the next trigger (a {@code triggerPulse} high pulse, spun, not slept). The echo's
 * edges are stamped by a Pi4J listener and queued on an {@link EdgeRing}; range = pulse width × speed
 * of sound / 2. No rising and falling edge within the echo timeout after the trigger (or a range past
 * {@code maxRangeM}) is a "no echo" message. A message therefore reports the echo of the trigger fired one
 * period earlier; the period must be longer than the echo timeout (the {@code gpio-ranger} factory checks it).
 *
 * <p>Single thread: the reader thread, except the echo listener (one producer: the echo pin's thread).
 */
public final class UltrasonicRanger implements PeriodicSource<Range> {
    private final GpioSession session;
    private final int triggerBcm;
    private final int echoBcm;
    private final RangerOptions options;
    private final Clock clock;
    private final EdgeRing echoes = new EdgeRing(64);
    private final EchoListener listener = new EchoListener();
    private long sequence;
    private SourceContext context;
    private boolean acquired;
    private DigitalOutput trigger;
    private DigitalInput echo;
    private Counter noEcho;
    private long triggerNanos = Long.MIN_VALUE;

    public UltrasonicRanger(GpioSession session, int triggerBcm, int echoBcm, RangerOptions options, Clock clock) {
        this.session = session;
        this.triggerBcm = triggerBcm;
        this.echoBcm = echoBcm;
        this.options = options;
        this.clock = clock;
    }

    private final class EchoListener implements DigitalStateChangeListener {
        @Override
        @SuppressWarnings("rawtypes")
        public void onDigitalStateChange(DigitalStateChangeEvent event) {
            long nanos = clock.nanoTime();
            echoes.offer(sequence++, event.state().isHigh(), nanos); // a full queue drops: seen as no echo
        }
    }

    @Override
    public void open(SourceContext ctx) throws Exception {
        context = ctx;
        noEcho = ctx.rejectCounter("no_echo");
        trigger = session.output(triggerBcm);
        echo = session.input(echoBcm, PullResistance.OFF);
        echo.addListener(listener);
        fire();
        session.acquire();
        acquired = true;
    }

    @Override
    public boolean sample(long acquiredNanos, Range out) {
        measure(out);
        fire();
        return true;
    }

    /** Turns the queued echo edges of the last trigger into {@code out}. */
    void measure(Range out) {
        long rise = Long.MIN_VALUE;
        long fall = Long.MIN_VALUE;
        while (!echoes.isEmpty()) {
            boolean high = echoes.peekLevel();
            long t = echoes.peekNanos();
            echoes.remove();
            if (t - triggerNanos < 0) {
                continue; // from before the trigger (a late echo of an earlier one)
            }
            if (high && rise == Long.MIN_VALUE) {
                rise = t;
            } else if (!high && rise != Long.MIN_VALUE && fall == Long.MIN_VALUE) {
                fall = t;
            }
        }
        out.noEcho = true;
        out.distanceM = 0;
        if (rise != Long.MIN_VALUE && fall != Long.MIN_VALUE && fall - triggerNanos <= options.echoTimeoutNanos()) {
            double d = (fall - rise) * 1e-9 * options.speedOfSoundMps() / 2;
            if (d <= options.maxRangeM()) {
                out.distanceM = d;
                out.noEcho = false;
            }
        }
        if (out.noEcho) {
            noEcho.increment();
        }
    }

    /** Sends the trigger pulse. The width is spun on System.nanoTime (a hardware time, not a timestamp). */
    void fire() {
        triggerNanos = clock.nanoTime();
        trigger.high();
        long t0 = System.nanoTime();
        while (System.nanoTime() - t0 < options.triggerPulseNanos()) {
            Thread.onSpinWait();
        }
        trigger.low();
    }

    @Override
    public void close() {
        try {
            if (echo != null) {
                echo.removeListener(listener);
            }
        } catch (RuntimeException e) {
            // the context may already be shut down
        }
        if (acquired) {
            acquired = false;
            session.release(!context.running());
        }
    }
}
