package io.afferent.deploy.sim;

import io.afferent.config.ConfigException;
import io.afferent.config.Durations;
import io.afferent.config.Profile;
import io.afferent.config.ProfileLoader;
import io.afferent.config.SourceConfig;
import io.afferent.api.ConfigError;
import io.afferent.deploy.Plugins;
import io.afferent.runtime.plugin.RunContext;
import io.afferent.deploy.DurationConverter;
import io.afferent.runtime.clock.NanoClock;
import io.afferent.sim.config.ServeSpec;
import io.afferent.sim.config.SimFactory;
import io.afferent.sim.fault.FaultLog;
import io.afferent.sim.serve.SerialServer;
import io.afferent.sim.serve.ServedDevice;
import io.afferent.sim.sensor.SimSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code afferent sim serve CONFIG}: simulated serial sensors on pseudo-terminals. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serves the profile's simulated sensors that have 'serve: {link, protocol, baud}' as serial "
                + "devices: one pseudo-terminal each, reachable at its link, streaming the GPS as NMEA 0183 and the "
                + "IMU as WitMotion frames, paced at the baud rate. Serial faults from the profile (corrupt, "
                + "disconnect) happen on the devices. Prints each device, then the faults injected when it stops.",
                "Run 'afferent run' on a profile with nmea-serial / witmotion-serial sources at those links to read them."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:served until the duration or Ctrl-C", "1:a device could not be created or failed",
                "2:bad usage or configuration"})
public final class SimServeCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CONFIG", description = "Profile with served simulated sensors, e.g. config/profiles/sim-serial.yaml.")
    Path config;

    @Option(names = "--duration", paramLabel = "D", converter = DurationConverter.class,
            description = "How long to serve: 30s, 5m, 1h. Default: until Ctrl-C.")
    Long durationNanos;

    private final PrintStream out;
    private final PrintStream err;
    private final boolean installShutdownHook;
    private final CountDownLatch started = new CountDownLatch(1);
    private final CountDownLatch stop = new CountDownLatch(1);
    private volatile SerialServer server;
    private volatile FaultLog faultLog;

    public SimServeCommand() {
        this(System.out, System.err, true);
    }

    /** For tests: where output goes, and whether Ctrl-C should stop serving in order. */
    public SimServeCommand(PrintStream out, PrintStream err, boolean installShutdownHook) {
        this.out = out;
        this.err = err;
        this.installShutdownHook = installShutdownHook;
    }

    @Override
    public Integer call() throws InterruptedException {
        NanoClock clock = NanoClock.SYSTEM;
        SerialServer s;
        try {
            Profile profile = new ProfileLoader(Plugins.load(config, java.util.List.of()).catalog()).load(config);
            long origin = clock.nanoTime();
            RunContext run = new RunContext(profile, clock, origin, null);
            SimFactory sim = SimFactory.create(run.section("sim"), run.robot(), origin);
            s = new SerialServer(clock, sim.faultLog(), sim.settings().seed());
            for (SourceConfig c : profile.sources()) {
                if (!SimFactory.TYPES.contains(c.type())) {
                    continue;
                }
                SimSource<?> source = sim.source(run.sourceSetup(c), c.type());
                Optional<ServeSpec> spec = sim.serveSpec(c.name());
                if (spec.isPresent()) {
                    s.add(source, spec.get());
                }
            }
            if (s.devices().isEmpty()) {
                err.println("afferent: " + config + " serves nothing: give a sim-gps or sim-imu source "
                        + "params.serve: {link: /tmp/afferent/gps0, protocol: nmea, baud: 9600}");
                return 2;
            }
            faultLog = sim.faultLog();
        } catch (ConfigException e) {
            err.println("afferent: configuration error: " + e.getMessage());
            return 2;
        } catch (ConfigError e) {
            err.println("afferent: configuration error: " + e.getMessage());
            return 2;
        } catch (io.afferent.runtime.plugin.PluginException e) {
            err.println("afferent: " + e.getMessage());
            return 2;
        }
        try {
            s.start();
        } catch (IOException e) {
            err.println("afferent: cannot create a pseudo-terminal: " + e.getMessage());
            return 1;
        }
        server = s;
        Thread hook = null;
        if (installShutdownHook) {
            hook = new Thread(() -> {
                stop.countDown();
                s.close();
            }, "sim-serve-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
        }
        for (ServedDevice d : s.devices()) {
            ServeSpec sp = d.spec();
            out.printf(Locale.ROOT, "%-10s %-28s -> %-12s %-9s %7d baud  %s Hz%n", d.name(), sp.link(),
                    d.currentDevice(), sp.protocol(), sp.baudRate(), trim(1e9 / sourcePeriod(d)));
        }
        out.println("serving" + (durationNanos == null ? " until Ctrl-C" : " for " + Durations.format(durationNanos)));
        out.flush();
        started.countDown();
        long waitNanos = durationNanos == null ? Long.MAX_VALUE : durationNanos;
        long deadline = clock.nanoTime() + Math.min(waitNanos, Long.MAX_VALUE / 4);
        while (!stop.await(Math.min(200_000_000L, Math.max(0, deadline - clock.nanoTime())), TimeUnit.NANOSECONDS)) {
            if (clock.nanoTime() - deadline >= 0 || s.failure() != null) {
                break;
            }
        }
        s.close();
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // already shutting down
            }
        }
        for (ServedDevice d : s.devices()) {
            out.printf(Locale.ROOT, "%-10s %d messages, %d bytes, %d bytes lost unread (overrun)%n", d.name(),
                    d.messagesWritten(), d.bytesWritten(), d.overrunBytes());
        }
        for (FaultLog.Entry e : faultLog.entries()) {
            out.printf(Locale.ROOT, "fault %9.3f s  %-10s %-10s %s%n", e.timeNanos() * 1e-9, e.sensor(), e.fault(), e.detail());
        }
        out.flush();
        if (s.failure() != null) {
            err.println("afferent: serving failed: " + s.failure());
            return 1;
        }
        return 0;
    }

    private static long sourcePeriod(ServedDevice d) {
        return d.periodNanos();
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2f", v);
    }

    /** Asks a running {@link #call()} to stop (tests). */
    public void requestStop() {
        stop.countDown();
    }

    /** Waits until the devices exist (tests); false on timeout. */
    public boolean awaitStarted(long timeout, TimeUnit unit) throws InterruptedException {
        return started.await(timeout, unit);
    }

    /** The server while serving (tests). */
    public SerialServer server() {
        return server;
    }

    /** The fault log of the last call. */
    public FaultLog faultLog() {
        return faultLog;
    }
}
