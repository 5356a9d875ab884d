package io.afferent.drivers.gpio;

import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.PullResistance;
import io.afferent.api.PeriodicSource;
import io.afferent.api.SourceContext;
import io.afferent.api.msg.Digital;

/**
 * A bumper, limit switch or emergency stop (profile types {@code gpio-input} and {@code gpio-estop}):
 * the reader reads the pin every period, debounces it by time ({@link Debouncer}) and publishes a
 * {@link Digital} every period, so a debounced change reaches the stages at the next period and
 * a stage also sees that the input is alive. {@code Digital.high} is the <em>active</em> state (pressed,
 * stop requested), after {@code activeLow} is applied; {@code Digital.changes} counts debounced changes.
 *
 * <p>An emergency stop asserts without debounce: it reaches the stage within one period of the pin
 * changing (plus the ring and stage wake-up), and is released only after the debounce time.
 *
 * <p>Single thread: the reader thread.
 */
public final class DebouncedInput implements PeriodicSource<Digital> {
    private final GpioSession session;
    private final int bcm;
    private final PullResistance pull;
    private final boolean activeLow;
    private final Debouncer debouncer;
    private final boolean emergencyStop;
    private SourceContext context;
    private boolean acquired;
    private DigitalInput pin;
    private volatile boolean active;

    /**
     * @param activeLow the input is active when the pin reads low (a switch to ground with a pull-up)
     */
    public DebouncedInput(GpioSession session, int bcm, PullResistance pull, boolean activeLow, long debounceNanos,
                          boolean emergencyStop) {
        this.session = session;
        this.bcm = bcm;
        this.pull = pull;
        this.activeLow = activeLow;
        this.debouncer = new Debouncer(debounceNanos, emergencyStop);
        this.emergencyStop = emergencyStop;
    }

    @Override
    public void open(SourceContext ctx) throws Exception {
        context = ctx;
        pin = session.input(bcm, pull);
        debouncer.reset(read());
        session.acquire();
        acquired = true;
    }

    private boolean read() {
        return pin.state().isHigh() != activeLow;
    }

    @Override
    public boolean sample(long acquiredNanos, Digital out) {
        boolean level = debouncer.update(read(), acquiredNanos);
        out.high = level;
        out.changes = debouncer.changes();
        out.emergencyStop = emergencyStop;
        active = level;
        return true;
    }

    @Override
    public void close() {
        if (acquired) {
            acquired = false;
            session.release(!context.running());
        }
    }

    /** Whether this is an emergency stop ({@code gpio-estop}). */
    public boolean emergencyStop() {
        return emergencyStop;
    }

    /** The debounced active state as last published (any thread; for status lines). */
    public boolean active() {
        return active;
    }
}
