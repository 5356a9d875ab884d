package io.afferent.deploy.doctor;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

/** {@code afferent doctor}: real-time readiness of this machine, one line per check with its fix. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Check this machine for real-time readiness: kernel preemption, CPU governor, isolated CPUs, "
                + "RLIMIT_RTPRIO/RLIMIT_MEMLOCK, capabilities, swap, GPIO and serial access, USB-serial "
                + "latency_timer, JDK version. Prints pass / warn / fail / skip per check with the fix.",
                "Exit codes: 0 nothing failed, 1 a check failed, 2 bad usage."})
public final class DoctorCommand implements Callable<Integer> {
    /** What a profile needs from the machine. */
    public record Requirements(List<Path> serialDevices, boolean needsGpio) {
        public Requirements {
            serialDevices = List.copyOf(serialDevices);
        }
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "Check what this profile needs (serial devices, GPIO).")
    Path config;

    @Option(names = "--serial", paramLabel = "PATH", description = "A serial device the profile reads (repeatable).")
    List<Path> serial = new ArrayList<>();

    @Option(names = "--gpio", description = "The profile uses GPIO: missing or inaccessible /dev/gpiochip* fails.")
    boolean gpio;

    @Option(names = "--rt-priority", paramLabel = "P", description = "SCHED_FIFO priority to check RLIMIT_RTPRIO "
            + "against (default ${DEFAULT-VALUE}).")
    int rtPriority = 80;

    @Option(names = "--root", paramLabel = "DIR", hidden = true, description = "Read /proc, /sys, /dev, /etc under DIR.")
    Path root = Path.of("/");

    private final Function<Path, Requirements> profileReader;

    /** Without a profile reader: {@code --config} is refused (exit 2); use {@code --serial}/{@code --gpio}. */
    public DoctorCommand() {
        this(null);
    }

    /** {@code profileReader} maps a {@code --config} file to what it needs (the composition root provides it). */
    public DoctorCommand(Function<Path, Requirements> profileReader) {
        this.profileReader = profileReader;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new DoctorCommand()).execute(args));
    }

    @Override
    public Integer call() {
        if (rtPriority < 1 || rtPriority > 99) {
            throw new ParameterException(spec.commandLine(), "--rt-priority must be 1..99, not " + rtPriority);
        }
        List<Path> devices = new ArrayList<>(serial);
        boolean needsGpio = gpio;
        if (config != null) {
            if (profileReader == null) {
                throw new ParameterException(spec.commandLine(), "--config is not supported by this build yet; "
                        + "name the devices with --serial PATH and --gpio");
            }
            Requirements r;
            try {
                r = profileReader.apply(config);
            } catch (RuntimeException e) {
                throw new ParameterException(spec.commandLine(), "cannot read " + config + ": " + e.getMessage(), e,
                        null, config.toString());
            }
            devices.addAll(r.serialDevices());
            needsGpio |= r.needsGpio();
        }
        List<CheckResult> results = new Doctor(root, Runtime.version().feature(), DeviceAccess.SYSTEM, rtPriority)
                .run(devices, needsGpio);
        return print(spec.commandLine().getOut(), results);
    }

    /** Prints the results and returns the exit code: 1 if any failed, else 0. */
    public static int print(PrintWriter out, List<CheckResult> results) {
        Map<CheckResult.Status, Integer> counts = new EnumMap<>(CheckResult.Status.class);
        out.println("afferent doctor: real-time readiness of this machine");
        for (CheckResult r : results) {
            counts.merge(r.status(), 1, Integer::sum);
            out.printf(Locale.ROOT, "  %-4s  %-22s %s%n", r.status().name().toLowerCase(Locale.ROOT), r.name(),
                    r.detail());
            if (!r.fix().isEmpty()) {
                out.printf(Locale.ROOT, "        %-22s fix: %s%n", "", r.fix());
            }
        }
        int fails = counts.getOrDefault(CheckResult.Status.FAIL, 0);
        out.printf(Locale.ROOT, "%d pass, %d warn, %d fail, %d skip%n", counts.getOrDefault(CheckResult.Status.PASS, 0),
                counts.getOrDefault(CheckResult.Status.WARN, 0), fails, counts.getOrDefault(CheckResult.Status.SKIP, 0));
        out.flush();
        return fails > 0 ? 1 : 0;
    }

    /** Runs every check for these devices on this machine and prints them; returns the exit code. */
    public static int check(PrintWriter out, List<Path> serialDevices, boolean needsGpio, int rtPriority) {
        return print(out, Doctor.forThisMachine(rtPriority).run(serialDevices, needsGpio));
    }
}
