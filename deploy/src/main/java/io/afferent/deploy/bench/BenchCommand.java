package io.afferent.deploy.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code afferent bench}: measurements of the runtime itself, printed as tables; commands, not tests. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measures the runtime: its cost as sources are added (scale), its timing against a plain Python"
                + " pipeline (vs-python), a profile under CPU load (run), replay speed (replay). Each prints figures; nothing is asserted."
                + " Hand-off micro-benchmarks (JMH) are in bench/run."},
        subcommands = {ScaleCommand.class, VsPythonCommand.class, BenchRunCommand.class, ReplayBenchCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ok", "1:a run failed", "2:bad usage"})
public final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }
}
