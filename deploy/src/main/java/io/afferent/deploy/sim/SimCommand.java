package io.afferent.deploy.sim;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code afferent sim}: tools around the simulated world. */
@Command(name = "sim", mixinStandardHelpOptions = true,
        description = "Tools for the simulated robot world.",
        subcommands = {SimServeCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ok", "1:a device failed", "2:bad usage or configuration"})
public final class SimCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }
}
