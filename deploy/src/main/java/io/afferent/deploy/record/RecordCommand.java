package io.afferent.deploy.record;

import io.afferent.mcap.McapFormatException;
import io.afferent.mcap.McapRepair;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code afferent record repair FILE [--out OUT]}. */
@Command(name = "record", mixinStandardHelpOptions = true, description = "Works with recordings (run.mcap).",
        subcommands = {RecordCommand.Repair.class})
public final class RecordCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: repair");
    }

    @Command(name = "repair", mixinStandardHelpOptions = true,
            description = "Rewrites a recording cut off by a crash or a full disk: every complete chunk, the schemas, "
                    + "channels, metadata and attachments, with a new summary and index.")
    static final class Repair implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "The recording to repair.")
        Path file;

        @Option(names = "--out", paramLabel = "OUT", description = "Where to write the repaired file (default: FILE with -repaired before .mcap).")
        Path out;

        @Override
        public Integer call() {
            if (!Files.isRegularFile(file)) {
                spec.commandLine().getErr().println("afferent: record repair: " + file + " does not exist");
                return 2;
            }
            Path target = out != null ? out : file.resolveSibling(file.getFileName().toString().replaceAll("\\.mcap$", "")
                    + "-repaired.mcap");
            try {
                McapRepair.Result r = McapRepair.repair(file, target);
                spec.commandLine().getOut().println(target + ": " + r.describe());
                return 0;
            } catch (McapFormatException e) {
                spec.commandLine().getErr().println("afferent: record repair: " + e.getMessage());
                return 2;
            } catch (IOException | RuntimeException e) {
                spec.commandLine().getErr().println("afferent: record repair: " + file + ": " + e.getMessage());
                return 2;
            }
        }
    }
}
