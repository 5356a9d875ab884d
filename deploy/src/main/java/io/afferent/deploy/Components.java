package io.afferent.deploy;

import io.afferent.config.ConfigException;
import io.afferent.config.ConfigMap;
import io.afferent.config.ConfigNode;
import io.afferent.config.ConfigScalar;
import io.afferent.drivers.gpio.DebouncedInput;
import io.afferent.drivers.gpio.sim.MockSwitchPresses;
import io.afferent.drivers.gpio.EdgeEncoders;
import io.afferent.drivers.gpio.EncoderOptions;
import io.afferent.drivers.gpio.EncoderPins;
import io.afferent.drivers.gpio.GpioHost;
import io.afferent.drivers.gpio.GpioProvider;
import io.afferent.drivers.gpio.GpioSession;
import io.afferent.drivers.gpio.GpioUnavailableException;
import io.afferent.drivers.gpio.HeartbeatPin;
import io.afferent.drivers.gpio.PolledEncoders;
import io.afferent.drivers.gpio.RangerOptions;
import io.afferent.drivers.gpio.SpeedOfSound;
import io.afferent.drivers.gpio.UltrasonicRanger;
import io.afferent.drivers.gpio.sim.MockEncoderDriver;
import io.afferent.drivers.gpio.sim.MockRangerEcho;
import io.afferent.drivers.gpio.sim.WheelTravel;
import io.afferent.drivers.serial.NmeaSerialGps;
import io.afferent.drivers.serial.SerialSettings;
import io.afferent.drivers.serial.WitMotionSerialImu;
import io.afferent.runtime.clock.NanoClock;
import io.afferent.config.Profile;
import io.afferent.config.SourceConfig;
import io.afferent.config.StageConfig;
import io.afferent.config.TypeCatalog;
import io.afferent.runtime.fusion.FusionParams;
import io.afferent.runtime.fusion.FusionProcessor;
import io.afferent.runtime.source.Source;
import io.afferent.runtime.stage.StageProcessor;
import io.afferent.runtime.fusion.FusionScoringSink;
import io.afferent.runtime.report.RunReport;
import io.afferent.sim.config.SimFactory;
import io.afferent.sim.world.GroundTruth;
import io.afferent.sim.world.TruthState;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The source and stage types this build knows, and how each is made from its configuration. The only
 * place that knows every module; every {@code params} key is validated here with the file position.
 */
public final class Components implements AutoCloseable {
    /** Each source type and whether it is periodic. */
    private static final Map<String, Boolean> SOURCE_TYPES = new LinkedHashMap<>();

    static {
        SOURCE_TYPES.put("sim-imu", true);
        SOURCE_TYPES.put("sim-wheels", true);
        SOURCE_TYPES.put("sim-gps", true);
        SOURCE_TYPES.put("sim-range", true);
        SOURCE_TYPES.put("nmea-serial", false);
        SOURCE_TYPES.put("witmotion-serial", false);
        SOURCE_TYPES.put("gpio-encoders", false);      // edge mode: Pi4J listeners
        SOURCE_TYPES.put("gpio-encoders-poll", true);  // poll mode: rate_hz is the pin sampling rate
        SOURCE_TYPES.put("gpio-ranger", true);
        SOURCE_TYPES.put("gpio-input", true);
        SOURCE_TYPES.put("gpio-estop", true);
    }

    /** Whether a source type reads a serial port (its params name the port). */
    public static boolean isSerial(String type) {
        return type.endsWith("-serial");
    }

    /** Whether a source type needs GPIO. */
    public static boolean isGpio(String type) {
        return type.startsWith("gpio-");
    }

    public static final TypeCatalog CATALOG = new TypeCatalog(SOURCE_TYPES, Set.of("fusion", "count"));

    private final Profile profile;
    private final NanoClock clock;
    private final long originNanos;
    private SimFactory sim;

    /**
     * @param originNanos the clock time at which the simulated robot starts its course
     * @throws ConfigException if the profile's {@code sim} section is invalid (checked even when no
     *                         simulated source uses it, so that a typo never passes silently)
     */
    public Components(Profile profile, NanoClock clock, long originNanos) throws ConfigException {
        this.profile = profile;
        this.clock = clock;
        this.originNanos = originNanos;
        if (!profile.sim().keys().isEmpty()) {
            sim();
        }
    }

    public Source source(SourceConfig c) throws ConfigException {
        ConfigMap p = c.params();
        Source s = switch (c.type()) {
            case "sim-imu", "sim-wheels", "sim-gps", "sim-range" -> sim().source(c);
            case "nmea-serial" -> new NmeaSerialGps(serial(p, 9600), clock);
            case "witmotion-serial" -> new WitMotionSerialImu(serial(p, 9600), clock,
                    p.number("mag_ut_per_count", 1.0, 1e-9, 1e6));
            case "gpio-encoders", "gpio-encoders-poll", "gpio-ranger", "gpio-input", "gpio-estop" -> gpioSource(c, p);
            default -> throw new ConfigException(c.location(), "sources." + c.name() + ".type",
                    "no factory for type '" + c.type() + "'");
        };
        p.rejectUnknownKeys();
        return s;
    }

    private static final Map<String, SerialSettings.Parity> PARITY = new LinkedHashMap<>();
    private static final Map<String, SerialSettings.StopBits> STOP_BITS = new LinkedHashMap<>();

    static {
        for (SerialSettings.Parity v : SerialSettings.Parity.values()) {
            PARITY.put(v.name().toLowerCase(java.util.Locale.ROOT), v);
        }
        STOP_BITS.put("1", SerialSettings.StopBits.ONE);
        STOP_BITS.put("1.5", SerialSettings.StopBits.ONE_POINT_FIVE);
        STOP_BITS.put("2", SerialSettings.StopBits.TWO);
    }

    /** Serial port settings from a serial source's params. */
    private static SerialSettings serial(ConfigMap p, int defaultBaud) throws ConfigException {
        String port = p.string("port");
        int baud = (int) p.integer("baud", defaultBaud, 50, 4_000_000);
        int dataBits = (int) p.integer("data_bits", 8, 5, 8);
        SerialSettings.Parity parity = p.choice("parity", SerialSettings.Parity.NONE, PARITY);
        ConfigNode stopNode = p.node("stop_bits");
        SerialSettings.StopBits stop = SerialSettings.StopBits.ONE;
        if (stopNode instanceof ConfigScalar sc) {
            stop = STOP_BITS.get(sc.text());
            if (stop == null) {
                throw stopNode.error("'" + sc.text() + "' is not allowed (allowed: 1, 1.5, 2)");
            }
        } else if (stopNode != null) {
            throw stopNode.error("expected 1, 1.5 or 2, found " + stopNode.describe());
        }
        boolean wait = p.bool("wait_for_device", false);
        int timeoutMs = (int) (p.durationNanos("read_timeout", 100_000_000L, 1_000_000L, 1_000_000_000L) / 1_000_000);
        return new SerialSettings(port, baud, dataBits, parity, stop, wait, timeoutMs);
    }

    public StageProcessor stage(StageConfig c) throws ConfigException {
        ConfigMap p = c.params();
        StageProcessor processor = switch (c.type()) {
            case "fusion" -> FusionProcessor.create(FusionParams.fromConfig(p, profile.robot(), c.deadlineUs()), clock);
            case "count" -> new io.afferent.runtime.stage.CountingProcessor();
            default -> throw new ConfigException(c.location(), "stages." + c.name() + ".type",
                    "no factory for type '" + c.type() + "'");
        };
        heartbeat(c, p);
        p.rejectUnknownKeys();
        return processor;
    }

    /** Whether this run has a simulated world, hence ground truth to score fusion against. */
    public boolean hasGroundTruth() {
        return sim != null;
    }

    /**
     * The simulated world's true pose, for scoring fusion; a new adapter for each caller, since each
     * is used by one sink thread (it keeps one TruthState).
     */
    public FusionScoringSink.PoseTruth poseTruth() {
        GroundTruth truth = sim.groundTruth();
        TruthState state = new TruthState();
        return (nanos, out) -> {
            truth.truthAt(nanos, state);
            out[0] = state.latitudeDeg;
            out[1] = state.longitudeDeg;
            out[2] = state.headingRad;
        };
    }

    /** The faults the simulator injected so far (empty without a simulated world). */
    public List<RunReport.FaultEvent> faults() {
        if (sim == null) {
            return List.of();
        }
        return sim.faultLog().entries().stream()
                .map(e -> new RunReport.FaultEvent(e.timeNanos() * 1e-9, e.sensor(), e.fault(), e.detail())).toList();
    }

    /** The simulated world and sensors, from the profile's {@code sim} section (made once, on first use). */
    public SimFactory sim() throws ConfigException {
        if (sim == null) {
            sim = SimFactory.create(profile.sim(), profile.robot(), originNanos);
        }
        return sim;
    }

    // ---- GPIO (Pi4J): one session per run, shared by every gpio-* source and heartbeat pin ----

    private GpioSession gpio;
    private String gpioOwner;
    private final Map<String, HeartbeatPin> heartbeats = new LinkedHashMap<>();

    /** Releases what the run's devices share (the Pi4J context); outputs go to their shutdown state. */
    @Override
    public void close() {
        if (gpio != null) {
            gpio.close();
        }
    }

    /** The run's GPIO session, or null when the profile uses no GPIO. */
    public GpioSession gpioSession() {
        return gpio;
    }

    /** The heartbeat pin of stage {@code stageName} ({@code params.heartbeat}), or null; call once per cycle. */
    public java.util.function.LongConsumer heartbeat(String stageName) {
        return heartbeats.get(stageName);
    }

    /**
     * The simulated world's true wheel travel, for the pins the simulator drives. Single thread: the
     * mock encoder driver's; it asks for the left then the right travel at the same time.
     */
    private static WheelTravel wheelTravel(GroundTruth truth) {
        TruthState state = new TruthState();
        return new WheelTravel() {
            @Override
            public double leftM(long nanos) {
                if (state.timeNanos != nanos) {
                    truth.truthAt(nanos, state);
                }
                return state.leftTravelM;
            }

            @Override
            public double rightM(long nanos) {
                if (state.timeNanos != nanos) {
                    truth.truthAt(nanos, state);
                }
                return state.rightTravelM;
            }
        };
    }

    /** The session for {@code p}'s provider; every GPIO user of a profile must name the same one. */
    private GpioSession gpio(ConfigMap p, String owner) throws ConfigException {
        GpioProvider requested = p.choice("provider", GpioProvider.AUTO, GpioProvider.choices());
        String chip = p.string("chip", null);
        ConfigNode at = p.node("provider");
        if (gpio != null) {
            if (requested != GpioProvider.AUTO && requested != gpio.provider()) {
                throw at.error("all GPIO users of a profile share one Pi4J context, and " + gpioOwner + " uses '"
                        + gpio.provider().word() + "'");
            }
            return gpio;
        }
        try {
            gpio = GpioSession.open(requested, chip, GpioHost.current());
        } catch (GpioUnavailableException e) {
            throw new ConfigException(at != null ? at.location() : p.location(), p.childPath("provider"), e.getMessage());
        }
        gpioOwner = owner;
        return gpio;
    }

    private static int bcm(ConfigMap p, String key, GpioSession s, String owner) throws ConfigException {
        int pin = (int) p.integer(key, 0, 27);
        String clash = s.reserve(pin, owner);
        if (clash != null) {
            throw p.node(key).error(clash);
        }
        return pin;
    }

    private static final Map<String, com.pi4j.io.gpio.digital.PullResistance> PULLS = new LinkedHashMap<>();

    static {
        PULLS.put("up", com.pi4j.io.gpio.digital.PullResistance.PULL_UP);
        PULLS.put("down", com.pi4j.io.gpio.digital.PullResistance.PULL_DOWN);
        PULLS.put("off", com.pi4j.io.gpio.digital.PullResistance.OFF);
    }

    private Source gpioSource(SourceConfig c, ConfigMap p) throws ConfigException {
        String owner = "sources." + c.name();
        GpioSession s = gpio(p, owner);
        boolean simulate = p.bool("simulate", false);
        if (simulate && s.provider() != GpioProvider.MOCK) {
            throw p.node("simulate").error("the simulator drives mock pins only: set 'provider: mock'");
        }
        Source src = switch (c.type()) {
            case "gpio-encoders", "gpio-encoders-poll" -> {
                ConfigMap l = p.map("left");
                ConfigMap r = p.map("right");
                EncoderPins left = new EncoderPins(bcm(l, "a", s, owner), bcm(l, "b", s, owner), l.bool("reversed", false));
                EncoderPins right = new EncoderPins(bcm(r, "a", s, owner), bcm(r, "b", s, owner), r.bool("reversed", false));
                l.rejectUnknownKeys();
                r.rejectUnknownKeys();
                int queue = (int) p.integer("edge_queue", 4096, 16, 1 << 20);
                if (Integer.bitCount(queue) != 1) {
                    throw p.node("edge_queue").error(queue + " is not a power of two");
                }
                EncoderOptions o = new EncoderOptions(profile.robot().encoderTicksPerRev(),
                        p.choice("pull", PULLS.get("up"), PULLS),
                        p.durationNanos("velocity_window", 100_000_000L, 1_000_000L, 10_000_000_000L),
                        p.durationNanos("min_publish_interval", 1_000_000L, 0, 1_000_000_000L),
                        p.durationNanos("idle_publish_interval", 100_000_000L, 1_000_000L, 10_000_000_000L),
                        p.durationNanos("reorder_window", 5_000_000L, 0, 1_000_000_000L), queue);
                if (simulate) {
                    WheelTravel travel = wheelTravel(sim().groundTruth());
                    double ticksPerM = o.ticksPerRevolution() / (2 * Math.PI * profile.robot().wheelRadiusM());
                    s.attach(new MockEncoderDriver(s, left, right, ticksPerM, travel, clock, 100_000L));
                }
                yield c.type().equals("gpio-encoders") ? new EdgeEncoders(s, left, right, o, clock)
                        : new PolledEncoders(s, left, right, o);
            }
            case "gpio-ranger" -> {
                int trigger = bcm(p, "trigger_pin", s, owner);
                int echo = bcm(p, "echo_pin", s, owner);
                double speed = p.has("temperature_c")
                        ? SpeedOfSound.fromTemperatureC(p.number("temperature_c", -40, 60))
                        : p.number("speed_of_sound_mps", SpeedOfSound.DEFAULT_MPS, 300, 400);
                long timeout = p.durationNanos("echo_timeout", 25_000_000L, 1_000_000L, 100_000_000L);
                if (timeout >= c.periodNanos()) {
                    throw new ConfigException(p.location(), p.childPath("echo_timeout"), "must be shorter than the period ("
                            + io.afferent.config.Durations.format(c.periodNanos()) + " at rate_hz " + c.rateHz()
                            + "): the echo of one trigger is read before the next is fired");
                }
                RangerOptions o = new RangerOptions(speed, timeout, 10_000L, p.number("max_range_m", 4.0, 0.05, 10));
                if (simulate) {
                    double mean = p.number("sim_mean_m", 1.5, 0.05, 10);
                    double amplitude = p.number("sim_amplitude_m", 0.5, 0, 10);
                    long originNs = originNanos;
                    s.attach(new MockRangerEcho(s, trigger, echo,
                            n -> mean + amplitude * Math.sin(2 * Math.PI * (n - originNs) * 1e-9 / 8), speed, clock));
                }
                yield new UltrasonicRanger(s, trigger, echo, o, clock);
            }
            default -> {
                boolean estop = c.type().equals("gpio-estop");
                int pin = bcm(p, "pin", s, owner);
                boolean activeLow = p.bool("active_low", !estop);
                if (simulate) {
                    // sim_presses: [{at: 2s, for: 500ms}, ...] — the simulator presses the switch then.
                    List<MockSwitchPresses.Press> presses = new java.util.ArrayList<>();
                    for (ConfigNode n : p.list("sim_presses").items()) {
                        if (!(n instanceof ConfigMap press)) {
                            throw n.error("expected {at: 2s, for: 500ms}, found " + n.describe());
                        }
                        presses.add(new MockSwitchPresses.Press(press.durationNanos("at", 0, 0, 86_400_000_000_000L),
                                press.durationNanos("for", 500_000_000L, 1_000_000L, 86_400_000_000_000L)));
                        press.rejectUnknownKeys();
                    }
                    s.attach(new MockSwitchPresses(s, pin, !activeLow, presses, originNanos, clock));
                }
                yield new DebouncedInput(s, pin, p.choice("pull", PULLS.get("up"), PULLS), activeLow,
                        p.durationNanos("debounce", estop ? 20_000_000L : 10_000_000L, 0, 1_000_000_000L), estop);
            }
        };
        s.expectUser();
        return src;
    }

    /** {@code params.heartbeat: {pin: 21, provider: ...}} of a stage: the pin it toggles once per cycle. */
    private void heartbeat(StageConfig c, ConfigMap p) throws ConfigException {
        if (!p.has("heartbeat")) {
            return;
        }
        ConfigMap h = p.map("heartbeat");
        String owner = "stages." + c.name() + ".heartbeat";
        GpioSession s = gpio(h, owner);
        heartbeats.put(c.name(), new HeartbeatPin(s, bcm(h, "pin", s, owner)));
        h.rejectUnknownKeys();
    }
}
