package io.afferent.sim.drive;

import io.afferent.api.Actuator;
import io.afferent.api.ConfigError;
import io.afferent.api.Counter;
import io.afferent.api.Params;
import io.afferent.api.SafeState;
import io.afferent.api.StageSetup;
import io.afferent.api.msg.WheelCmd;
import io.afferent.sim.config.SimFactory;
import io.afferent.sim.world.CommandedDrive;
import io.afferent.sim.world.World;

/**
 * Output type {@code sim-drive}: the simulated world's robot follows the {@link WheelCmd}s (the world needs
 * {@code sim: {course: {type: commanded}}}). Params (besides the output layer's {@code command_timeout},
 * {@code safe_state}): {@code motor_lag} (first-order time constant, default 50 ms), {@code max_accel_mps2}
 * (default 1.0), {@code deadband_mps} (default 0.02), {@code noise_mps} (wheel speed noise, default 0.005),
 * {@code max_speed} (m/s; a faster command is refused, default 5), {@code actuation_delay} (default 20 ms).
 *
 * <p>Each command takes effect in the simulated world at its cause's acquisition time (the sensor sample behind
 * it) plus {@code actuation_delay}, the declared time from sensing to the motor acting on it, not at whatever
 * moment the scheduler let it through: so a run in which every command arrives within that delay moves the robot
 * exactly as a virtual-time run with the same seed does. A command that arrives later is applied at once, and
 * counted ({@code late_commands}, with {@code commands_on_time}). Its safe state, coast or brake, commands 0 on
 * both wheels at once (the lag and the acceleration limit still apply: the simulated robot does not stop in zero
 * time). Every method on the output's thread; no allocation.
 */
public final class SimDrive implements Actuator<WheelCmd> {
    private final CommandedDrive drive;
    private final World world;
    private final double maxSpeed;
    private final long delayNanos;
    private final Counter late;
    private final Counter onTime;

    private SimDrive(StageSetup setup) throws ConfigError {
        Params p = setup.params();
        SimFactory sim = setup.service(SimFactory.class).orElseThrow(() -> setup.error(
                "a sim-drive output needs the simulated world: add 'sim: {course: {type: commanded}}' to the profile"));
        this.world = sim.world();
        if (!(world.motion() instanceof CommandedDrive d)) {
            throw setup.error("a sim-drive output drives the simulated robot, so the course must follow commands:"
                    + " set 'sim: {course: {type: commanded}}' (the course is a fixed 'random' or 'script' one now)");
        }
        this.drive = d;
        double lag = p.durationNanos("motor_lag", 50_000_000L, 1_000_000L, 10_000_000_000L) * 1e-9;
        double accel = p.number("max_accel_mps2", 1.0, 0.01, 100);
        double deadband = p.number("deadband_mps", 0.02, 0, 1);
        double noise = p.number("noise_mps", 0.005, 0, 1);
        this.maxSpeed = p.number("max_speed", 5, 0.01, 100);
        this.delayNanos = p.durationNanos("actuation_delay", 20_000_000L, 0, 1_000_000_000L);
        this.late = setup.counter("late_commands");
        this.onTime = setup.counter("commands_on_time");
        drive.model(lag, accel, deadband, noise);
    }

    public static SimDrive create(StageSetup setup) throws ConfigError {
        return new SimDrive(setup);
    }

    @Override
    public boolean accepts(WheelCmd c) {
        return Double.isFinite(c.leftMps) && Double.isFinite(c.rightMps)
                && Math.abs(c.leftMps) <= maxSpeed && Math.abs(c.rightMps) <= maxSpeed;
    }

    /** Without a cause: at once. */
    @Override
    public void write(WheelCmd c, long nowNanos) {
        drive.command(world.seconds(nowNanos), c.leftMps, c.rightMps);
    }

    @Override
    public void write(WheelCmd c, long nowNanos, long causeNanos) {
        if (drive.command(world.seconds(causeNanos + delayNanos), c.leftMps, c.rightMps)) {
            onTime.increment();
        } else {
            late.increment();
        }
    }

    @Override
    public void safe(SafeState state, long nowNanos) {
        drive.command(world.seconds(nowNanos), 0, 0);
    }
}
