package io.afferent.deploy.probe;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code afferent probe}: open one device and show what the drivers decode from it. */
@Command(name = "probe", mixinStandardHelpOptions = true,
        description = "Open a device, decode it with the driver code and print what comes out.",
        subcommands = {ProbeSerialCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ok", "1:the device failed (missing, not permitted, gone)", "2:bad usage"})
public final class ProbeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }
}
