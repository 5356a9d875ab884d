package io.afferent.drivers.gpio.out;

import com.pi4j.io.gpio.digital.DigitalOutput;
import io.afferent.api.Actuator;
import io.afferent.api.ConfigError;
import io.afferent.api.Params;
import io.afferent.api.SafeState;
import io.afferent.api.StageSetup;
import io.afferent.api.msg.Digital;
import io.afferent.drivers.gpio.GpioRun;
import io.afferent.drivers.gpio.GpioSession;

/**
 * Output type {@code gpio-digital-out}: a relay or a LED on one pin, on while the commands say {@link Digital#high}.
 * Params: {@code provider}, {@code chip}, {@code pin} (BCM), {@code active_low} (default false: a relay board whose
 * input switches on low). Its safe state, coast or brake alike, is off. A command topic whose messages are
 * e-stops ({@link Digital#emergencyStop}) is one the output layer treats as an e-stop, so feed it a plain digital
 * topic. Every method on the output's thread; no allocation.
 */
public final class GpioDigitalOut implements Actuator<Digital> {
    private final GpioSession session;
    private final DigitalOutput pin;
    private final boolean activeLow;

    private GpioDigitalOut(StageSetup setup) throws ConfigError {
        Params p = setup.params();
        String owner = "stages." + setup.name();
        this.session = GpioRun.of(setup).session(p, owner);
        int bcm = GpioRun.pin(p, "pin", session, owner);
        this.activeLow = p.bool("active_low", false);
        this.pin = session.output(bcm);
        set(false);
        session.hold();
    }

    public static GpioDigitalOut create(StageSetup setup) throws ConfigError {
        return new GpioDigitalOut(setup);
    }

    private void set(boolean on) {
        if (on != activeLow) {
            pin.high();
        } else {
            pin.low();
        }
    }

    @Override
    public boolean accepts(Digital command) {
        return true;
    }

    @Override
    public void write(Digital command, long nowNanos) {
        if (!session.closed()) {
            set(command.high);
        }
    }

    @Override
    public void safe(SafeState state, long nowNanos) {
        if (!session.closed()) {
            set(false);
        }
    }

    /** After the output's last {@link #safe}: the run's GPIO context may now shut down. */
    @Override
    public void close() {
        session.unhold();
    }
}
