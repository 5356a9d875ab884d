package io.afferent.drivers.gpio.out;

import io.afferent.api.Actuator;
import io.afferent.api.ConfigError;
import io.afferent.api.Counter;
import io.afferent.api.Params;
import io.afferent.api.SafeState;
import io.afferent.api.StageSetup;
import io.afferent.api.msg.WheelCmd;
import io.afferent.drivers.gpio.GpioRun;
import io.afferent.drivers.gpio.GpioSession;

import java.util.Map;

/**
 * Output type {@code gpio-motors}: a differential drive on two H-bridge channels ({@link Bridge}) whose
 * duties come from the {@link WheelCmd} wheel speeds through a {@link DutyShaper} each. Params (besides the
 * output layer's {@code command_timeout}, {@code safe_state}): {@code provider}, {@code chip},
 * {@code wiring}: {@code pwm-dir} (default; TB6612FNG, L298N: {@link MotorChannel},
 * {@code left}/{@code right: {pwm: BCM, in1: BCM, in2: BCM, invert: false}}, {@code in2} optional) or
 * {@code in-in} (DRV8833 and other boards without an enable pin: {@link InInChannel}, both inputs PWM,
 * {@code left}/{@code right: {in1: BCM, in2: BCM, invert: false}}, {@code decay: fast | slow}, default fast),
 * {@code pwm_frequency_hz} (default 20000), {@code max_speed} (m/s at 100 % duty, default 1.0), {@code max_duty}
 * (percent, default 100), {@code deadband} (percent, default 0), {@code max_duty_rate} (percent per second,
 * default 0 = unlimited). A command beyond {@code max_speed} is clamped to {@code max_duty} and counted
 * ({@code commands_clamped}); NaN and infinite ones are refused by the output layer. Once the run's GPIO
 * session has shut down (after this output's stage closed in its safe state, at the end of the run) the pins are
 * in Pi4J's shutdown state: PWM 0, direction low (coast).
 * Every method on the output's thread; no allocation.
 */
public final class GpioMotors implements Actuator<WheelCmd> {
    private final GpioSession session;
    private final Bridge left;
    private final Bridge right;
    private final DutyShaper leftDuty;
    private final DutyShaper rightDuty;
    private final Counter clamped;

    private GpioMotors(StageSetup setup) throws ConfigError {
        Params p = setup.params();
        String owner = "stages." + setup.name();
        this.session = GpioRun.of(setup).session(p, owner);
        int hz = (int) p.integer("pwm_frequency_hz", 20_000, 1, 1_000_000);
        double maxSpeed = p.number("max_speed", 1.0, 0.01, 100);
        double maxDuty = p.number("max_duty", 100, 1, 100);
        double deadband = p.number("deadband", 0, 0, 50);
        double rate = p.number("max_duty_rate", 0, 0, 1_000_000);
        boolean inIn = p.choice("wiring", Boolean.FALSE, Map.of("pwm-dir", Boolean.FALSE, "in-in", Boolean.TRUE));
        boolean slowDecay = false;
        if (inIn) {
            slowDecay = p.choice("decay", Boolean.FALSE, Map.of("fast", Boolean.FALSE, "slow", Boolean.TRUE));
        } else if (p.has("decay")) {
            throw p.error("decay", "decay (fast | slow) applies to wiring: in-in only (both inputs PWM'd, as on a DRV8833)");
        }
        Params l = p.map("left");
        Params r = p.map("right");
        this.left = inIn ? inIn(l, session, owner + ".left", hz, slowDecay) : channel(l, session, owner + ".left", hz);
        this.right = inIn ? inIn(r, session, owner + ".right", hz, slowDecay) : channel(r, session, owner + ".right", hz);
        this.leftDuty = new DutyShaper(maxSpeed, maxDuty, deadband, rate, l.bool("invert", false));
        this.rightDuty = new DutyShaper(maxSpeed, maxDuty, deadband, rate, r.bool("invert", false));
        l.rejectUnknownKeys();
        r.rejectUnknownKeys();
        this.clamped = setup.counter("commands_clamped");
        session.hold();
    }

    public static GpioMotors create(StageSetup setup) throws ConfigError {
        return new GpioMotors(setup);
    }

    private static MotorChannel channel(Params c, GpioSession s, String owner, int hz) throws ConfigError {
        if (c.keys().isEmpty()) {
            throw c.error("pwm", "expected the wheel's pins, such as {pwm: 12, in1: 5, in2: 6}");
        }
        if (!c.has("pwm")) {
            throw c.error("pwm", "wiring: pwm-dir (the default: TB6612FNG, L298N) needs the wheel's pwm pin, such as"
                    + " {pwm: 12, in1: 5, in2: 6}; a board without an enable pin (DRV8833) is wiring: in-in");
        }
        int pwm = GpioRun.pin(c, "pwm", s, owner);
        int in1 = GpioRun.pin(c, "in1", s, owner);
        int in2 = c.has("in2") ? GpioRun.pin(c, "in2", s, owner) : -1;
        try {
            return new MotorChannel(s.pwm(pwm, hz), s.output(in1), in2 < 0 ? null : s.output(in2));
        } catch (IllegalStateException e) {
            throw c.error("pwm", e.getMessage());
        }
    }

    private static InInChannel inIn(Params c, GpioSession s, String owner, int hz, boolean slowDecay) throws ConfigError {
        if (c.keys().isEmpty() || c.has("pwm") || !c.has("in2")) {
            throw c.error(c.has("pwm") ? "pwm" : "in2", "wiring: in-in (DRV8833) drives both inputs of a wheel with PWM:"
                    + " expected {in1: BCM, in2: BCM}, both PWM-capable pins, and no pwm key");
        }
        int in1 = GpioRun.pin(c, "in1", s, owner);
        int in2 = GpioRun.pin(c, "in2", s, owner);
        try {
            return new InInChannel(s.pwm(in1, hz), s.pwm(in2, hz), slowDecay);
        } catch (IllegalStateException e) {
            throw c.error("in1", e.getMessage());
        }
    }

    @Override
    public boolean accepts(WheelCmd c) {
        return Double.isFinite(c.leftMps) && Double.isFinite(c.rightMps);
    }

    @Override
    public void write(WheelCmd c, long nowNanos) {
        if (session.closed()) {
            return;
        }
        int l = leftDuty.shape(c.leftMps, nowNanos);
        boolean clampedLeft = leftDuty.clamped();
        int r = rightDuty.shape(c.rightMps, nowNanos);
        if (clampedLeft || rightDuty.clamped()) {
            clamped.increment();
        }
        left.drive(l);
        right.drive(r);
    }

    @Override
    public void safe(SafeState state, long nowNanos) {
        leftDuty.stop(nowNanos);
        rightDuty.stop(nowNanos);
        if (session.closed()) {
            return; // Pi4J's shutdown left PWM 0 and the direction pins low
        }
        left.safe(state);
        right.safe(state);
    }

    /** After the output's last {@link #safe}: the run's GPIO context may now shut down. */
    @Override
    public void close() {
        session.unhold();
    }
}
