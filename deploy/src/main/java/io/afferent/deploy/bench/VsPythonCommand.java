package io.afferent.deploy.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.afferent.config.Durations;
import io.afferent.deploy.DurationConverter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code afferent bench vs-python}: Afferent profiles against the plain Python threads-and-queue pipeline of
 * {@code bench/python/pipeline.py}, alternated in one sitting, idle and with CPU-bound threads beside each.
 */
@Command(name = "vs-python", mixinStandardHelpOptions = true,
        description = {"Alternates runs of Afferent profiles with a plain Python pipeline of the same rates and simple"
                + " work (bench/python/pipeline.py: reader threads, one queue.Queue, one fusion thread), each in a"
                + " fresh process, idle and with --burn CPU-bound threads in the same process, and prints for every"
                + " run the reader lateness, the stage's queue latency (the hand-off), end to end and CPU, then the"
                + " ratios. The machine's own noise changes from minute to minute: compare within one sitting.",
                "Writes every run's report and a vs-python.json into --out."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:all runs done", "1:a run failed or python3 is missing", "2:bad usage"})
public final class VsPythonCommand implements Callable<Integer> {
    @Option(names = "--profile", paramLabel = "YAML", split = ",",
            defaultValue = "config/profiles/sim-laptop.yaml,config/profiles/sim-laptop-rt.yaml",
            description = "Afferent profiles to compare (default: ${DEFAULT-VALUE}).")
    List<Path> profiles;

    @Option(names = "--repeats", defaultValue = "3", description = "Rounds; each round alternates the order (default ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--duration", paramLabel = "D", converter = DurationConverter.class, defaultValue = "20s",
            description = "Length of each run (default ${DEFAULT-VALUE}).")
    long durationNanos;

    @Option(names = "--burn", paramLabel = "N", split = ",", defaultValue = "0,1",
            description = "CPU-bound threads beside each pipeline, one sitting per value (default ${DEFAULT-VALUE}).")
    List<Integer> loads;

    @Option(names = "--python", defaultValue = "python3", description = "The Python interpreter (default ${DEFAULT-VALUE}).")
    String python;

    @Option(names = "--script", paramLabel = "PY", defaultValue = "bench/python/pipeline.py",
            description = "The Python pipeline (default ${DEFAULT-VALUE}).")
    Path script;

    @Option(names = "--out", paramLabel = "DIR", description = "Where reports go (default: reports/vs-python-<time>).")
    Path out;

    private final PrintStream stdout;

    public VsPythonCommand() {
        this(System.out);
    }

    public VsPythonCommand(PrintStream stdout) {
        this.stdout = stdout;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (repeats < 1 || loads.stream().anyMatch(l -> l < 0)) {
            System.err.println("afferent: --repeats must be >= 1 and --burn values >= 0");
            return 2;
        }
        for (Path p : profiles) {
            if (!Files.isRegularFile(p)) {
                System.err.println("afferent: no profile " + p);
                return 2;
            }
        }
        if (!Files.isRegularFile(script)) {
            System.err.println("afferent: no Python pipeline at " + script + " (run from the repository's root, or give --script)");
            return 2;
        }
        Path dir = ChildJvm.outputDir(out, "vs-python");
        long timeout = durationNanos + 120_000_000_000L;
        String d = Durations.format(durationNanos);
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("duration", d);
        all.put("host", io.afferent.runtime.report.HostInfo.current());
        List<Map<String, Object>> runs = new ArrayList<>();
        all.put("runs", runs);
        for (int load : loads) {
            List<RunFigures> figures = new ArrayList<>();
            stdout.printf("%n== %s: %d × (%s, python), %s each, alternating ==%n", load == 0 ? "idle"
                    : load + " CPU-bound thread" + (load > 1 ? "s" : "") + " beside each", repeats,
                    String.join(", ", profiles.stream().map(VsPythonCommand::name).toList()), d);
            stdout.println(RunTable.HEADER);
            for (int r = 1; r <= repeats; r++) {
                List<String> order = new ArrayList<>();
                profiles.forEach(p -> order.add(p.toString()));
                order.add("python");
                if (r % 2 == 0) {
                    java.util.Collections.reverse(order);
                }
                for (String who : order) {
                    RunFigures f = who.equals("python") ? python(dir, r, load, d, timeout)
                            : afferent(Path.of(who), dir, r, load, d, timeout);
                    if (f == null) {
                        return 1;
                    }
                    figures.add(f);
                    stdout.println(RunTable.row(r, f));
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("round", r);
                    row.put("burn", load);
                    row.put("figures", f);
                    runs.add(row);
                }
            }
            stdout.println(RunTable.ratios(figures, profiles.stream().map(VsPythonCommand::name).toList()));
        }
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        json.writeValue(dir.resolve("vs-python.json").toFile(), all);
        stdout.printf("%nReports and vs-python.json in %s%n", dir);
        return 0;
    }

    private static String name(Path profile) {
        String f = profile.getFileName().toString();
        return f.endsWith(".yaml") ? f.substring(0, f.length() - 5) : f;
    }

    private RunFigures afferent(Path profile, Path dir, int round, int load, String d, long timeout)
            throws IOException, InterruptedException {
        String who = name(profile);
        Path base = dir.resolve(round + "-burn" + load + "-" + who);
        Files.createDirectories(base);
        List<String> cmd = ChildJvm.command(List.of(), List.of("bench", "run", profile.toString(), "--duration", d,
                "--report-dir", base.toString(), "--burn", Integer.toString(load)));
        int rc = ChildJvm.run(cmd, base.resolve("output.txt"), timeout);
        if (rc != 0) {
            System.err.println("afferent: the run of " + profile + " ended with exit code " + rc + "; see " + base.resolve("output.txt"));
            return null;
        }
        return RunFigures.ofRunUnder(who, base);
    }

    private RunFigures python(Path dir, int round, int load, String d, long timeout) throws IOException, InterruptedException {
        Path base = dir.resolve(round + "-burn" + load + "-python");
        Files.createDirectories(base);
        Path json = base.resolve("summary.json");
        List<String> cmd = List.of(python, script.toString(), "--duration", Double.toString(durationNanos / 1e9),
                "--burn", Integer.toString(load), "--json", json.toString());
        int rc;
        try {
            rc = ChildJvm.run(cmd, base.resolve("output.txt"), timeout);
        } catch (IOException e) {
            System.err.println("afferent: cannot run '" + python + "': " + e.getMessage() + " (install python3, or give --python)");
            return null;
        }
        if (rc != 0) {
            System.err.println("afferent: the Python pipeline ended with exit code " + rc + "; see " + base.resolve("output.txt"));
            return null;
        }
        return RunFigures.of("python", json);
    }
}
