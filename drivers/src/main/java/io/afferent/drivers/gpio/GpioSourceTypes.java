package io.afferent.drivers.gpio;

import com.pi4j.io.gpio.digital.PullResistance;
import io.afferent.api.ConfigError;
import io.afferent.api.Params;
import io.afferent.api.Source;
import io.afferent.api.SourceSetup;
import io.afferent.api.SourceType;
import io.afferent.api.msg.Digital;
import io.afferent.api.msg.Range;
import io.afferent.api.msg.Wheels;
import io.afferent.api.truth.GroundTruth;
import io.afferent.drivers.gpio.sim.MockEncoderDriver;
import io.afferent.drivers.gpio.sim.MockRangerEcho;
import io.afferent.drivers.gpio.sim.MockSwitchPresses;
import io.afferent.drivers.gpio.sim.TruthWheelTravel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The GPIO source types (tag {@code gpio}): {@code gpio-encoders} (edge mode, a stream source),
 * {@code gpio-encoders-poll} (poll mode, periodic), {@code gpio-ranger}, {@code gpio-input} and {@code gpio-estop}
 * (periodic). Every one takes {@code provider} ({@code auto}, {@code gpiod}, {@code mock}), {@code chip} and
 * {@code simulate} (the simulator drives the mock pins); the run's sources share one Pi4J session
 * ({@link GpioRun}) and each BCM pin has one owner. Set-up thread.
 */
public final class GpioSourceTypes {
    /** The tag of a source type that uses GPIO pins. */
    public static final String TAG = "gpio";

    private static final Map<String, PullResistance> PULLS = new LinkedHashMap<>();

    static {
        PULLS.put("up", PullResistance.PULL_UP);
        PULLS.put("down", PullResistance.PULL_DOWN);
        PULLS.put("off", PullResistance.OFF);
    }

    private GpioSourceTypes() {
    }

    public static List<SourceType<?>> all() {
        return List.of(
                SourceType.stream("gpio-encoders", Wheels.TYPE, s -> encoders(s, true)).tagged(TAG),
                SourceType.periodic("gpio-encoders-poll", Wheels.TYPE, s -> encoders(s, false)).tagged(TAG),
                SourceType.periodic("gpio-ranger", Range.TYPE, GpioSourceTypes::ranger).tagged(TAG),
                SourceType.periodic("gpio-input", Digital.TYPE, s -> input(s, false)).tagged(TAG),
                SourceType.periodic("gpio-estop", Digital.TYPE, s -> input(s, true)).tagged(TAG));
    }

    /** The run's session for a source's params, and whether the simulator drives its pins. */
    private record Pins(GpioSession session, String owner, boolean simulate) {
        static Pins of(SourceSetup setup) throws ConfigError {
            Params p = setup.params();
            String owner = "sources." + setup.name();
            GpioSession s = GpioRun.of(setup).session(p, owner);
            boolean simulate = p.bool("simulate", false);
            if (simulate && s.provider() != GpioProvider.MOCK) {
                throw p.error("simulate", "the simulator drives mock pins only: set 'provider: mock'");
            }
            return new Pins(s, owner, simulate);
        }

        int pin(Params p, String key) throws ConfigError {
            return GpioRun.pin(p, key, session, owner);
        }

        /** Checks the remaining keys and counts the source among the session's users. */
        <S extends Source<?>> S done(Params p, S source) throws ConfigError {
            p.rejectUnknownKeys();
            session.expectUser();
            return source;
        }
    }

    private static EncoderPins encoder(Pins pins, Params p, String side) throws ConfigError {
        Params e = p.map(side);
        EncoderPins ep = new EncoderPins(pins.pin(e, "a"), pins.pin(e, "b"), e.bool("reversed", false));
        e.rejectUnknownKeys();
        return ep;
    }

    static Source<Wheels> encoders(SourceSetup setup, boolean edges) throws ConfigError {
        Params p = setup.params();
        Pins pins = Pins.of(setup);
        EncoderPins left = encoder(pins, p, "left");
        EncoderPins right = encoder(pins, p, "right");
        int queue = (int) p.integer("edge_queue", 4096, 16, 1 << 20);
        if (Integer.bitCount(queue) != 1) {
            throw p.error("edge_queue", queue + " is not a power of two");
        }
        EncoderOptions o = new EncoderOptions(setup.robot().encoderTicksPerRev(),
                p.choice("pull", PullResistance.PULL_UP, PULLS),
                p.durationNanos("velocity_window", 100_000_000L, 1_000_000L, 10_000_000_000L),
                p.durationNanos("min_publish_interval", 1_000_000L, 0, 1_000_000_000L),
                p.durationNanos("idle_publish_interval", 100_000_000L, 1_000_000L, 10_000_000_000L),
                p.durationNanos("reorder_window", 5_000_000L, 0, 1_000_000_000L), queue);
        GpioSession s = pins.session();
        if (pins.simulate()) {
            GroundTruth truth = setup.service(GroundTruth.class).orElseThrow(() -> p.error("simulate",
                    "the simulator moves the encoder pins with its simulated wheels, and this run has no simulated "
                            + "world: add a 'sim:' section to the profile, or drive real pins (no 'simulate')"));
            double ticksPerM = o.ticksPerRevolution() / (2 * Math.PI * setup.robot().wheelRadiusM());
            s.attach(new MockEncoderDriver(s, left, right, ticksPerM, new TruthWheelTravel(truth), setup.clock(),
                    100_000L));
        }
        return pins.done(p, edges ? new EdgeEncoders(s, left, right, o, setup.clock())
                : new PolledEncoders(s, left, right, o));
    }

    static UltrasonicRanger ranger(SourceSetup setup) throws ConfigError {
        Params p = setup.params();
        Pins pins = Pins.of(setup);
        int trigger = pins.pin(p, "trigger_pin");
        int echo = pins.pin(p, "echo_pin");
        double speed = p.has("temperature_c")
                ? SpeedOfSound.fromTemperatureC(p.number("temperature_c", 20, -40, 60))
                : p.number("speed_of_sound_mps", SpeedOfSound.DEFAULT_MPS, 300, 400);
        long timeout = p.durationNanos("echo_timeout", 25_000_000L, 1_000_000L, 100_000_000L);
        if (timeout >= setup.periodNanos()) {
            throw p.error("echo_timeout", "must be shorter than the period (" + formatDuration(setup.periodNanos())
                    + " at rate_hz " + setup.rateHz() + "): the echo of one trigger is read before the next is fired");
        }
        RangerOptions o = new RangerOptions(speed, timeout, 10_000L, p.number("max_range_m", 4.0, 0.05, 10));
        GpioSession s = pins.session();
        if (pins.simulate()) {
            double mean = p.number("sim_mean_m", 1.5, 0.05, 10);
            double amplitude = p.number("sim_amplitude_m", 0.5, 0, 10);
            long originNs = setup.originNanos();
            s.attach(new MockRangerEcho(s, trigger, echo,
                    n -> mean + amplitude * Math.sin(2 * Math.PI * (n - originNs) * 1e-9 / 8), speed, setup.clock()));
        }
        return pins.done(p, new UltrasonicRanger(s, trigger, echo, o, setup.clock()));
    }

    static DebouncedInput input(SourceSetup setup, boolean estop) throws ConfigError {
        Params p = setup.params();
        Pins pins = Pins.of(setup);
        int pin = pins.pin(p, "pin");
        boolean activeLow = p.bool("active_low", !estop);
        GpioSession s = pins.session();
        if (pins.simulate()) {
            // sim_presses: [{at: 2s, for: 500ms}, ...]: the simulator presses the switch then.
            List<MockSwitchPresses.Press> presses = new ArrayList<>();
            for (Params press : p.maps("sim_presses", "{at: 2s, for: 500ms}")) {
                presses.add(new MockSwitchPresses.Press(press.durationNanos("at", 0, 0, 86_400_000_000_000L),
                        press.durationNanos("for", 500_000_000L, 1_000_000L, 86_400_000_000_000L)));
                press.rejectUnknownKeys();
            }
            s.attach(new MockSwitchPresses(s, pin, !activeLow, presses, setup.originNanos(), setup.clock()));
        }
        return pins.done(p, new DebouncedInput(s, pin, p.choice("pull", PullResistance.PULL_UP, PULLS), activeLow,
                p.durationNanos("debounce", estop ? 20_000_000L : 10_000_000L, 0, 1_000_000_000L), estop));
    }

    /** A duration as a profile writes it ({@code 66666667ns}, {@code 100ms}, {@code 2s}, {@code 1m}). */
    static String formatDuration(long nanos) {
        if (nanos % 3_600_000_000_000L == 0 && nanos != 0) return nanos / 3_600_000_000_000L + "h";
        if (nanos % 60_000_000_000L == 0 && nanos != 0) return nanos / 60_000_000_000L + "m";
        if (nanos % 1_000_000_000L == 0) return nanos / 1_000_000_000L + "s";
        if (nanos % 1_000_000L == 0) return nanos / 1_000_000L + "ms";
        if (nanos % 1_000L == 0) return nanos / 1_000L + "us";
        return nanos + "ns";
    }
}
