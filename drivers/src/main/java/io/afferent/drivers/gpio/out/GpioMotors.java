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

/**
 * Output type {@code gpio-motors}: a differential drive on two H-bridge channels ({@link MotorChannel}) whose
 * duties come from the {@link WheelCmd} wheel speeds through a {@link DutyShaper} each. Params (besides the
 * output layer's {@code command_timeout}, {@code safe_state}): {@code provider}, {@code chip},
 * {@code left}/{@code right: {pwm: BCM, in1: BCM, in2: BCM, invert: false}} ({@code in2} optional),
 * {@code pwm_frequency_hz} (default 20000), {@code max_speed} (m/s at 100 % duty, default 1.0), {@code max_duty}
 * (percent, default 100), {@code deadband} (percent, default 0), {@code max_duty_rate} (percent per second,
 * default 0 = unlimited). A command beyond {@code max_speed} is clamped to {@code max_duty} and counted
 * ({@code commands_clamped}); NaN and infinite ones are refused by the output layer. Once the run's GPIO
 * session has shut down (the end of the run) the pins are in Pi4J's shutdown state: PWM 0, direction low (coast).
 * Every method on the output's thread; no allocation.
 */
public final class GpioMotors implements Actuator<WheelCmd> {
    private final GpioSession session;
    private final MotorChannel left;
    private final MotorChannel right;
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
        Params l = p.map("left");
        Params r = p.map("right");
        this.left = channel(l, session, owner + ".left", hz);
        this.right = channel(r, session, owner + ".right", hz);
        this.leftDuty = new DutyShaper(maxSpeed, maxDuty, deadband, rate, l.bool("invert", false));
        this.rightDuty = new DutyShaper(maxSpeed, maxDuty, deadband, rate, r.bool("invert", false));
        l.rejectUnknownKeys();
        r.rejectUnknownKeys();
        this.clamped = setup.counter("commands_clamped");
    }

    public static GpioMotors create(StageSetup setup) throws ConfigError {
        return new GpioMotors(setup);
    }

    private static MotorChannel channel(Params c, GpioSession s, String owner, int hz) throws ConfigError {
        if (c.keys().isEmpty()) {
            throw c.error("pwm", "expected the wheel's pins, such as {pwm: 12, in1: 5, in2: 6}");
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
}
