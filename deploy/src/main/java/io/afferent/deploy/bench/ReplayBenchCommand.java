package io.afferent.deploy.bench;

import io.afferent.deploy.replay.Replay;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;

/**
 * {@code afferent bench replay FILE --repeat N}: replays a recording at {@code --speed max} with {@code --verify}
 * N times in one JVM and prints each run's speed (the first run includes the JIT's warm-up) and the median of the
 * rest. Figures only; nothing is asserted.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Replays a recording as fast as the stages allow, --repeat times in one JVM, and prints the"
                + " speed of each run as a multiple of real time: of the replay loop (feeding, handling, comparing,"
                + " reading the file as it goes) and of the whole replay (with opening the file and making the"
                + " stages). The first run includes the JIT's warm-up."})
public final class ReplayBenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "A recording (run.mcap).")
    Path file;

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "5", description = "Runs (default ${DEFAULT-VALUE}).")
    int repeat;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (repeat < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--repeat must be at least 1");
        }
        double[] loop = new double[repeat];
        double[] overall = new double[repeat];
        for (int i = 0; i < repeat; i++) {
            Replay.Result r;
            try {
                r = Replay.of(file).verify();
            } catch (Replay.ReplayException e) {
                spec.commandLine().getErr().println("afferent: bench replay: " + e.getMessage());
                return 2;
            }
            loop[i] = r.speedFactor();
            overall[i] = r.overallSpeedFactor();
            out.printf("run %d: %d inputs, %.1f s of recording: loop %.3f s (%.0fx real time), whole replay %.3f s"
                            + " (%.0fx); %s%n", i + 1, r.inputs(), r.recordedSeconds(), r.replayNanos() * 1e-9,
                    loop[i], (r.replayNanos() + r.setupNanos()) * 1e-9, overall[i],
                    r.identical() ? "identical" : "DIVERGED");
            out.flush();
            if (!r.identical()) {
                return 1;
            }
        }
        if (repeat > 1) {
            out.printf("median of runs 2-%d: loop %.0fx real time, whole replay %.0fx%n", repeat,
                    median(Arrays.copyOfRange(loop, 1, repeat)), median(Arrays.copyOfRange(overall, 1, repeat)));
        }
        return 0;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
