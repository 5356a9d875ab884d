package io.afferent.telemetry;

import io.afferent.config.Durations;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;

/**
 * {@code afferent fleet --broker URL}: the live table of every robot publishing to a broker, refreshed once
 * a second, or {@code --json}: one JSON line per message received. Exit codes: 0 after {@code --duration}
 * or Ctrl-C, 2 for bad options (a bad URL, an unreadable CA file).
 */
@Command(name = "fleet",
        mixinStandardHelpOptions = true,
        description = {"Shows every robot that publishes telemetry to an MQTT broker (afferent/+/#): one row per robot "
                + "(online, profile, uptime, IMU rate, worst lateness p99, deadline misses, drops, e-stop, last event), "
                + "refreshed once a second; robots that went offline stay, marked. --json prints each message received "
                + "as a JSON line instead, with the robot's row after it."})
public final class FleetCommand implements Callable<Integer> {
    @Option(names = "--broker", required = true, paramLabel = "URL",
            description = "The broker: tcp://HOST[:PORT] (1883 by default) or ssl://HOST[:PORT] (TLS, 8883 by default).")
    String broker;

    @Option(names = "--username", paramLabel = "NAME", description = "User name for the broker's login.")
    String username;

    @Option(names = "--password-file", paramLabel = "FILE", description = "A file holding the password on one line.")
    Path passwordFile;

    @Option(names = "--password-env", paramLabel = "VAR", description = "An environment variable holding the password.")
    String passwordEnv;

    @Option(names = "--ca-file", paramLabel = "FILE", description = "PEM file of the CA that signed the broker's certificate (ssl:// only). Default: the JDK's trust store.")
    Path caFile;

    @Option(names = "--client-cert", paramLabel = "FILE", description = "PEM client certificate, for brokers that ask for one (with --client-key).")
    Path clientCert;

    @Option(names = "--client-key", paramLabel = "FILE", description = "PEM private key of the client certificate (unencrypted PKCS#8 or RSA).")
    Path clientKey;

    @Option(names = "--json", description = "Print one JSON line per message received (the message and the robot's row), for scripts.")
    boolean json;

    @Option(names = "--duration", paramLabel = "D", description = "Stop after this long (500ms, 30s, 5m). Default: until Ctrl-C.")
    String duration;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final PrintStream out;
    private final PrintStream err;
    private final Boolean terminalOverride;

    /** For the command line. */
    public FleetCommand() {
        this(System.out, System.err, null);
    }

    /** For tests: where output goes, and whether to treat it as a terminal (null: ask the console). */
    public FleetCommand(PrintStream out, PrintStream err, Boolean terminal) {
        this.out = out;
        this.err = err;
        this.terminalOverride = terminal;
    }

    @Override
    public Integer call() throws InterruptedException {
        long durationNanos = -1;
        if (duration != null) {
            try {
                durationNanos = Durations.parseNanos(duration);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--duration: " + e.getMessage());
            }
        }
        BrokerSettings settings;
        try {
            BrokerUrl url = BrokerUrl.parse(broker);
            settings = BrokerSettings.builder(url)
                    .username(username)
                    .passwordFile(passwordFile)
                    .passwordEnv(passwordEnv)
                    .caFile(caFile)
                    .clientCert(clientCert, clientKey)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--broker " + broker + ": "
                    + e.getMessage().replace("password_file", "--password-file").replace("password_env", "--password-env")
                    .replace("ca_file", "--ca-file").replace("client_cert", "--client-cert").replace("client_key", "--client-key"));
        }
        for (String w : settings.warnings()) {
            err.println("afferent fleet: warning: " + w);
        }
        boolean terminal = terminalOverride != null ? terminalOverride : System.console() != null && System.console().isTerminal();
        PrintStream sink = out;
        FleetView view = FleetView.start(settings, json ? line -> {
            synchronized (sink) {
                sink.println(line);
                sink.flush();
            }
        } : null, w -> err.println("afferent fleet: warning: " + w), Clock.systemDefaultZone());
        try {
            long start = System.nanoTime();
            long next = start;
            String last = null;
            while (durationNanos < 0 || System.nanoTime() - start < durationNanos) {
                if (!json) {
                    String table = view.table();
                    String body = table.substring(table.indexOf('\n') + 1);
                    if (terminal) {
                        out.print("\033[H\033[2J" + table);
                        out.flush();
                    } else if (!body.equals(last)) {
                        out.print(table);
                        out.println();
                        out.flush();
                    }
                    last = body;
                }
                next += 1_000_000_000L;
                long wait = next - System.nanoTime();
                if (durationNanos >= 0) {
                    wait = Math.min(wait, start + durationNanos - System.nanoTime());
                }
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
            if (!json && !terminal) {
                String table = view.table();
                if (!table.substring(table.indexOf('\n') + 1).equals(last)) {
                    out.print(table);
                }
            }
        } finally {
            view.close();
        }
        return 0;
    }
}
