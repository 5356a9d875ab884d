package io.afferent.deploy.calibrate;

import io.afferent.runtime.calibrate.Calibration;
import io.afferent.runtime.rt.CpuDmaLatency;
import io.afferent.runtime.calibrate.CalibrationConfig;
import io.afferent.runtime.calibrate.CalibrationResult;
import io.afferent.runtime.rt.CpuList;
import io.afferent.runtime.rt.RealtimePlatform;
import io.afferent.runtime.rt.ThreadRtRequest;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code afferent calibrate}: the platform self-test, optionally side by side with cyclictest. */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
        description = {"Measure the wake-up lateness this machine delivers: N threads wake on an absolute timeline at "
                + "the given policy, priority and CPUs and record lateness (wake - deadline) in HdrHistogram, as "
                + "cyclictest does. Prints p50/p90/p99/p99.9/max in microseconds and writes a JSON summary.",
                "Exit codes: 0 done, 1 failed (or a real-time control refused with --strict-rt), 2 bad usage."})
public final class CalibrateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--rate", paramLabel = "HZ", description = "Wake-ups per second per thread (default ${DEFAULT-VALUE}).")
    double rateHz = 1_000;

    @Option(names = "--duration", paramLabel = "D",
            description = "Measured time: 15s, 500ms, 2m or plain seconds (default ${DEFAULT-VALUE}).")
    String duration = "10s";

    @Option(names = "--threads", paramLabel = "N", description = "Measuring threads (default ${DEFAULT-VALUE}).")
    int threads = 1;

    @Option(names = "--policy", paramLabel = "fifo|rr|other", description = "Scheduling policy (default ${DEFAULT-VALUE}).")
    String policy = "fifo";

    @Option(names = "--priority", paramLabel = "P", description = "Real-time priority 1..99 for fifo/rr (default ${DEFAULT-VALUE}).")
    int priority = 80;

    @Option(names = "--nice", paramLabel = "N", description = "Nice value for --policy other (default ${DEFAULT-VALUE}).")
    int nice = 0;

    @Option(names = "--cpus", paramLabel = "LIST",
            description = "CPUs, e.g. 1 or 0-1; thread i runs on the (i mod n)-th, like cyclictest -a. Default: all.")
    String cpus;

    @Option(names = "--spin-us", paramLabel = "N",
            description = "Spin this long before each deadline (CPU cost: N us per wake-up). Default ${DEFAULT-VALUE}.")
    long spinUs = 0;

    @Option(names = "--timer-slack-ns", paramLabel = "NS",
            description = "Timer slack for the measuring threads (and cyclictest, which inherits it). Default ${DEFAULT-VALUE}.")
    long timerSlackNs = 1;

    @Option(names = "--warmup", paramLabel = "N",
            description = "Short sleeps per thread before measuring, so the JIT has compiled the loop (default ${DEFAULT-VALUE}).")
    int warmupWakeups = 20_000;

    @Option(names = "--no-mlock", description = "Do not mlockall (cyclictest then runs without -m too).")
    boolean noMlock;

    @Option(names = "--out", paramLabel = "FILE", description = "JSON summary (default ${DEFAULT-VALUE}).")
    Path out = Path.of("afferent-reports", "calibrate.json");

    @Option(names = "--vs-cyclictest", description = "Then run cyclictest with the same settings and compare.")
    boolean vsCyclictest;

    @Option(names = "--strict-rt", description = "A real-time control that cannot be applied is an error (exit 1).")
    boolean strictRt;

    private final RealtimePlatform platform;

    public CalibrateCommand() {
        this(RealtimePlatform.detect());
    }

    public CalibrateCommand(RealtimePlatform platform) {
        this.platform = platform;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new CalibrateCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        CalibrationConfig config = config();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        out.printf(Locale.ROOT, "afferent calibrate: %d thread(s) at %.0f Hz for %.1f s, %s, spin %d us, mlockall %s "
                        + "(%s)%n", config.threads(), config.rateHz(), config.durationNs() / 1e9,
                config.request().describe(), spinUs, config.lockMemory() ? "yes" : "no", platform.implementation());
        out.flush();
        CalibrationResult result;
        boolean held;
        try (CpuDmaLatency hold = CpuDmaLatency.tryHold(0)) {
            held = hold != null;
            result = new Calibration(platform, config).run();
        }
        for (String w : result.warnings()) {
            err.println((strictRt ? "error: " : "warning: ") + w);
        }
        err.flush();
        CalibrationReport.CyclictestRun ct = null;
        String ctNote = null;
        int exit = strictRt && !result.warnings().isEmpty() ? 1 : 0;
        if (vsCyclictest) {
            var exe = Cyclictest.find();
            if (exe.isEmpty()) {
                ctNote = Cyclictest.INSTALL_HINT;
                out.println(ctNote);
            } else {
                // cyclictest inherits the timer slack of the thread that starts it.
                platform.configureCurrentThread(ThreadRtRequest.unchanged().withTimerSlackNs(config.request().timerSlackNs()));
                Path hist = Files.createTempFile("afferent-cyclictest", ".hist");
                List<String> cmd = Cyclictest.command(exe.get(), config.periodNs(), config.durationNs(),
                        config.threads(), config.request(), config.lockMemory(), hist);
                out.println("running: " + String.join(" ", cmd));
                out.flush();
                try {
                    ct = new CalibrationReport.CyclictestRun(cmd, Cyclictest.run(cmd, hist, config.durationNs()));
                } catch (Exception e) {
                    ctNote = "cyclictest failed: " + e.getMessage();
                    err.println("error: " + ctNote);
                    exit = 1;
                } finally {
                    Files.deleteIfExists(hist);
                }
            }
        }
        CalibrationReport.printText(out, config, result, held, ct);
        CalibrationReport.writeJson(this.out, config, result, held, ct, ctNote);
        out.println("summary: " + this.out);
        out.flush();
        return exit;
    }

    CalibrationConfig config() {
        if (!(rateHz > 0) || rateHz > 1_000_000) {
            throw usage("--rate must be in (0, 1000000] Hz, not " + rateHz);
        }
        if (threads < 1 || threads > 1024) {
            throw usage("--threads must be 1..1024, not " + threads);
        }
        if (spinUs < 0 || timerSlackNs < 1 || warmupWakeups < 0) {
            throw usage("--spin-us and --warmup must be >= 0 and --timer-slack-ns >= 1");
        }
        try {
            ThreadRtRequest request = ThreadRtRequest.SCHED_OTHER.equals(ThreadRtRequest.normalizePolicy(policy))
                    ? ThreadRtRequest.other(nice) : ThreadRtRequest.of(policy, priority);
            if (cpus != null) {
                request = request.withCpus(CpuList.parse(cpus));
            }
            return CalibrationConfig.builder().rateHz(rateHz).durationNs(parseDurationNs(duration)).threads(threads)
                    .request(request.withTimerSlackNs(timerSlackNs)).spinNs(spinUs * 1_000)
                    .jitWarmupWakeups(warmupWakeups).lockMemory(!noMlock).build();
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

    /** {@code 15s}, {@code 500ms}, {@code 2m}, {@code 1h}, or plain seconds. */
    static long parseDurationNs(String text) {
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("not a duration (expected e.g. 15s, 500ms, 2m): '" + text + "'");
        }
        double v = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double ns = switch (unit) {
            case "ms" -> v * 1e6;
            case "m" -> v * 60e9;
            case "h" -> v * 3600e9;
            default -> v * 1e9;
        };
        if (ns < 1e6) {
            throw new IllegalArgumentException("duration must be at least 1 ms: '" + text + "'");
        }
        return (long) ns;
    }
}
