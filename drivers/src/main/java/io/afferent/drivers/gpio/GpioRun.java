package io.afferent.drivers.gpio;

import io.afferent.api.ConfigError;
import io.afferent.api.Heartbeat;
import io.afferent.api.Params;
import io.afferent.api.RunLog;
import io.afferent.api.RunSetup;
import io.afferent.api.Setup;

import java.util.function.Supplier;

/**
 * The GPIO of one run: the one Pi4J session (context) that every {@code gpio-*} source and every stage's
 * heartbeat pin share, opened by the first of them with the provider its params name, and the owner of each BCM
 * pin. Made per run by {@link #beforeRun}, which provides it to the run's factories and provides the run's
 * {@link Heartbeat.Factory}; closed at the end of the run (outputs go to their shutdown state).
 *
 * <p>Set-up thread (the session it hands out is thread-safe).
 */
public final class GpioRun implements AutoCloseable {
    private final Supplier<GpioHost> host;
    private final RunLog log;
    private GpioSession session;
    private String sessionOwner;

    /** @param host the machine whose GPIO a real provider uses (asked when the session is opened) */
    public GpioRun(Supplier<GpioHost> host) {
        this(host, RunLog.systemLogger("afferent.gpio"));
    }

    /** @param log where the mock pins' states at the end of the run are logged */
    public GpioRun(Supplier<GpioHost> host, RunLog log) {
        this.host = host;
        this.log = log;
    }

    /** The drivers plugin's run hook: a new GPIO holder for the run, and heartbeats made from it. */
    public static void beforeRun(RunSetup run) {
        GpioRun gpio = new GpioRun(GpioHost::current, run.log());
        run.onClose(gpio);
        run.provide(GpioRun.class, gpio);
        run.provide(Heartbeat.Factory.class, gpio::heartbeat);
    }

    /**
     * The run's GPIO holder: the one {@link #beforeRun} provided, or (when a runtime made the source without running
     * the plugin's hooks) one shared by this run's factories and closed at its end.
     */
    public static GpioRun of(Setup setup) {
        return setup.service(GpioRun.class).orElseGet(() -> setup.shared(GpioRun.class, () -> new GpioRun(GpioHost::current, setup.log())));
    }

    /**
     * The session for {@code p}'s {@code provider} (and {@code chip}); every GPIO user of a profile must name the
     * same provider, or none ({@code auto}).
     *
     * @param owner who asks, for messages ({@code sources.wheels}, {@code stages.fusion.heartbeat})
     */
    public GpioSession session(Params p, String owner) throws ConfigError {
        GpioProvider requested = p.choice("provider", GpioProvider.AUTO, GpioProvider.choices());
        String chip = p.string("chip", null);
        if (session != null) {
            if (requested != GpioProvider.AUTO && requested != session.provider()) {
                throw p.error("provider", "all GPIO users of a profile share one Pi4J context, and " + sessionOwner
                        + " uses '" + session.provider().word() + "'");
            }
            return session;
        }
        try {
            session = GpioSession.open(requested, chip, host.get());
        } catch (GpioUnavailableException e) {
            throw p.error("provider", e.getMessage());
        }
        sessionOwner = owner;
        return session;
    }

    /** The BCM pin number at {@code key} (0 to 27), reserved for {@code owner}: a pin has one owner in a run. */
    public static int pin(Params p, String key, GpioSession s, String owner) throws ConfigError {
        int pin = (int) p.integer(key, 0, 27);
        String clash = s.reserve(pin, owner);
        if (clash != null) {
            throw p.error(key, clash);
        }
        return pin;
    }

    /**
     * The {@link Heartbeat.Factory} of the run: a stage's {@code heartbeat: {pin: 21, provider: mock}} (keys
     * {@code provider}, {@code chip}, {@code pin}) becomes a {@link HeartbeatPin} on the run's session.
     */
    public Heartbeat heartbeat(String stageName, Params h) throws ConfigError {
        String owner = "stages." + stageName + ".heartbeat";
        GpioSession s = session(h, owner);
        HeartbeatPin pin = new HeartbeatPin(s, pin(h, "pin", s, owner));
        h.rejectUnknownKeys();
        return pin;
    }

    /** The run's session, or null while no GPIO user asked for one. */
    public GpioSession session() {
        return session;
    }

    /**
     * Stops the simulator's pin drivers and shuts the Pi4J context down. On the mock provider, first logs the state
     * every output pin was left in (what a robot's driver board would see: the outputs' safe state). Idempotent;
     * never throws.
     */
    @Override
    public void close() {
        if (session != null) {
            if (session.provider() == GpioProvider.MOCK) {
                String pins = session.outputStates();
                if (!pins.isEmpty()) {
                    log.info("GPIO mock output pins at the end of the run: " + pins);
                }
            }
            session.close();
        }
    }
}
