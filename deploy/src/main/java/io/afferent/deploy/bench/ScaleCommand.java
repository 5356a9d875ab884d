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
import java.util.stream.Stream;

/**
 * {@code afferent bench scale}: the cost curve of the runtime as sources are added, each step a fresh process running
 * N simulated IMUs into one {@code count} stage.
 */
@Command(name = "scale", mixinStandardHelpOptions = true,
        description = {"Runs the runtime with N simulated periodic sources (sim-imu) fanned in to one stage of type"
                + " 'count', each step in a fresh process for --step: first N = --sources at 1 kHz, then one source"
                + " at each of --rates. Prints a table (CPU in %% of one core, all threads and per thread; reader"
                + " lateness p99 and max; the stage's queue and end-to-end p99 and p99.9; drops; bytes allocated after"
                + " warm-up; the platform probe of the same step), the CPU per 1,000 samples/s fitted over the steps,"
                + " and which thread saturates first; draws the curve (scale-cpu.png, scale-lateness.png).",
                "With --limit, the number of 1 kHz sources keeps doubling until a step stops keeping up (drops,"
                + " missed rate, or lateness past a period), and that step is named with its busiest thread."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:all steps ran", "1:a step failed", "2:bad usage"})
public final class ScaleCommand implements Callable<Integer> {
    @Option(names = "--step", paramLabel = "D", converter = DurationConverter.class, defaultValue = "10s",
            description = "Length of each step (default ${DEFAULT-VALUE}).")
    long stepNanos;

    @Option(names = "--sources", split = ",", defaultValue = "1,2,4,8,16,32,64",
            description = "Numbers of 1 kHz sources (default ${DEFAULT-VALUE}).")
    List<Integer> counts;

    @Option(names = "--rates", split = ",", defaultValue = "1000,2000,5000,10000,20000",
            description = "Rates of the single-source steps, Hz (default ${DEFAULT-VALUE}; empty to skip).")
    List<Integer> rates;

    @Option(names = "--threads", defaultValue = "own",
            description = "own: a reader thread per source (default); shared: all sources on one reader thread.")
    String threads;

    @Option(names = "--phase", defaultValue = "spread",
            description = "spread: the sources' timelines are spread evenly over the period (default), as real"
                    + " sensors are not in step; aligned: all sampled at the same instant.")
    String phase;

    @Option(names = "--colocate", defaultValue = "true", arity = "1",
            description = "process.colocate of the steps' profiles: true (the default of every profile) puts the readers"
                    + " on the stage's CPU; false leaves them to the scheduler.")
    boolean colocate;

    @Option(names = "--limit", description = "Keep doubling the 1 kHz sources until a step stops keeping up.")
    boolean limit;

    @Option(names = "--max-sources", defaultValue = "1024", description = "Where --limit gives up (default ${DEFAULT-VALUE}).")
    int maxSources;

    @Option(names = "--heap", defaultValue = "512m",
            description = "Heap of each step's process (default ${DEFAULT-VALUE}; a source's rings and histograms take ~1 MB).")
    String heap;

    @Option(names = "--out", paramLabel = "DIR", description = "Where the steps' reports go (default: reports/scale-<time>).")
    Path out;

    private final PrintStream stdout;

    public ScaleCommand() {
        this(System.out);
    }

    public ScaleCommand(PrintStream stdout) {
        this.stdout = stdout;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (!threads.equals("own") && !threads.equals("shared") || !phase.equals("spread") && !phase.equals("aligned")) {
            System.err.println("afferent: --threads is own or shared, --phase is spread or aligned");
            return 2;
        }
        if (counts.stream().anyMatch(n -> n < 1 || n > 4096) || rates.stream().anyMatch(r -> r < 1 || r > 20_000)) {
            System.err.println("afferent: --sources are 1..4096, --rates 1..20000 Hz");
            return 2;
        }
        Path dir = ChildJvm.outputDir(out, "scale");
        stdout.printf("afferent bench scale: %s per step, sim-imu sources into one 'count' stage, reader threads %s,"
                + " phases %s, colocate %s; heap %s per step%n%n", Durations.format(stepNanos), threads, phase, colocate,
                heap);
        stdout.println(ScaleTable.HEADER);
        List<ScaleStep> steps = new ArrayList<>();
        List<Integer> series = new ArrayList<>(counts);
        ScaleStep first = null;
        for (int i = 0; i < series.size(); i++) {
            int n = series.get(i);
            ScaleStep s = step(dir, n, 1000);
            if (s == null) {
                return 1;
            }
            first = first == null ? s : first;
            steps.add(s);
            stdout.println(ScaleTable.row(s));
            if (limit && i == series.size() - 1 && s.keptUp() && n * 2 <= maxSources) {
                series.add(n * 2);
            }
        }
        for (int r : rates) {
            ScaleStep s = step(dir, 1, r);
            if (s == null) {
                return 1;
            }
            steps.add(s);
            stdout.println(ScaleTable.row(s));
        }
        stdout.println();
        stdout.print(ScaleTable.summary(steps, first));
        ScaleCharts.write(dir, steps);
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("step", Durations.format(stepNanos));
        all.put("threads", threads);
        all.put("phase", phase);
        all.put("colocate", colocate);
        all.put("host", io.afferent.runtime.report.HostInfo.current());
        all.put("steps", steps);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("scale.json").toFile(), all);
        stdout.printf("%nReports, scale.json, scale-cpu.png and scale-lateness.png in %s%n", dir);
        return 0;
    }

    private ScaleStep step(Path dir, int n, int rateHz) throws IOException, InterruptedException {
        String name = "n" + n + "-" + rateHz + "hz";
        Path base = dir.resolve(name);
        Files.createDirectories(base);
        Path profile = base.resolve(name + ".yaml");
        Files.writeString(profile, profile(n, rateHz));
        List<String> cmd = ChildJvm.command(List.of("-Xms" + heap, "-Xmx" + heap),
                List.of("run", profile.toString(), "--duration", Durations.format(stepNanos), "--report-dir", base.toString()));
        int rc = ChildJvm.run(cmd, base.resolve("output.txt"), stepNanos + 120_000_000_000L);
        if (rc != 0) {
            System.err.println("afferent: step " + name + " ended with exit code " + rc + "; see " + base.resolve("output.txt"));
            return null;
        }
        try (Stream<Path> runs = Files.list(base)) {
            Path summary = runs.map(p -> p.resolve("summary.json")).filter(Files::isRegularFile).findFirst()
                    .orElseThrow(() -> new IOException("step " + name + " wrote no summary.json"));
            return ScaleStep.of(n, rateHz, summary);
        }
    }

    /** The step's profile: n sim-imu sources at rateHz into one count stage. */
    String profile(int n, int rateHz) {
        long period = Math.round(1e9 / rateHz);
        StringBuilder y = new StringBuilder();
        y.append("# afferent bench scale: ").append(n).append(" simulated IMUs at ").append(rateHz).append(" Hz\n");
        y.append("name: scale-n").append(n).append('-').append(rateHz).append("hz\n");
        y.append("sim:\n  seed: 1\n  course: {type: random, speed_mps: 0.8, duration: 1h}\n");
        y.append("sources:\n");
        for (int i = 0; i < n; i++) {
            y.append("  s").append(i).append(":\n    type: sim-imu\n    rate_hz: ").append(rateHz).append('\n');
            if (phase.equals("spread") && n > 1) {
                y.append("    phase: ").append(period * i / n).append("ns\n");
            }
            if (threads.equals("shared")) {
                y.append("    thread: readers\n");
            }
        }
        y.append("stages:\n  fan-in:\n    type: count\n    deadline_us: 1000\n    inputs: [");
        for (int i = 0; i < n; i++) {
            y.append(i == 0 ? "" : ", ").append('s').append(i);
        }
        y.append("]\nreport:\n  status: off\n  hlog: true\n  charts: false\n");
        y.append("process:\n  colocate: ").append(colocate).append('\n');
        return y.toString();
    }
}
