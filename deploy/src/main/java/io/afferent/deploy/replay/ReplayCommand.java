package io.afferent.deploy.replay;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code afferent replay FILE [--profile P] [--speed max|1x|N] [--verify] [--from T --to T]}. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Replays a recording (afferent run --record) into the stages of its profile, or of --profile, "
                + "on a virtual clock, in the recorded handling order.",
                "With --verify, compares every output with the recorded one bit for bit: exit 0 when identical, 1 at "
                        + "the first divergence; 2 when the file or profile cannot be replayed.",
                "Outputs (motors, relays) are never driven in replay: the commands sent to them are compared as the "
                        + "outputs of the stages that published them."})
public final class ReplayCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "A recording (run.mcap).")
    Path file;

    @Option(names = "--profile", paramLabel = "P", description = "Profile whose stages to replay into (default: the recorded one).")
    Path profile;

    @Option(names = "--speed", paramLabel = "S", defaultValue = "max",
            description = "max (as fast as the stages allow, default), 1x (real time) or N / Nx (N times real time).")
    String speed;

    @Option(names = "--verify", description = "Compare every output with the recording; exit 1 at the first divergence.")
    boolean verify;

    @Option(names = "--from", paramLabel = "T", description = "Start at T seconds from the recording's start.")
    Double from;

    @Option(names = "--to", paramLabel = "T", description = "End at T seconds from the recording's start.")
    Double to;

    @Option(names = "--plugins", paramLabel = "PATH", split = ",", description = "Plugin jars or directories to load.")
    List<Path> plugins = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        double factor;
        String s = speed.endsWith("x") ? speed.substring(0, speed.length() - 1) : speed;
        if (speed.equals("max")) {
            factor = 0;
        } else {
            try {
                factor = Double.parseDouble(s);
            } catch (NumberFormatException e) {
                factor = -1;
            }
            if (!(factor > 0)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--speed " + speed
                        + ": allowed are max, 1x or a positive factor N (2, 10x, 0.5)");
            }
        }
        Replay r = Replay.of(file).speed(factor).plugins(plugins)
                .window(from == null ? Double.NEGATIVE_INFINITY : from, to == null ? Double.POSITIVE_INFINITY : to);
        if (profile != null) {
            r.profile(profile);
        }
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        Replay.Result res;
        try {
            res = r.verify();
        } catch (Replay.ReplayException e) {
            err.println("afferent: replay: " + e.getMessage());
            return 2;
        }
        out.printf("replayed %d inputs, %.1f s of recording in %.3f s (%.0fx real time)%n", res.inputs(),
                res.recordedSeconds(), res.replayNanos() * 1e-9, res.speedFactor());
        if (verify) {
            out.println(res.describe());
            return res.identical() ? 0 : 1;
        }
        return 0;
    }
}
