package io.afferent.deploy.record;

import io.afferent.mcap.McapContents;
import io.afferent.mcap.McapFormatException;
import io.afferent.mcap.McapReader;
import io.afferent.record.CsvExport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code afferent export FILE --csv DIR [--topics a,b]}. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Exports a recording: one CSV per topic (time_s first, one column per field).")
public final class ExportCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "A recording (run.mcap).")
    Path file;

    @Option(names = "--csv", paramLabel = "DIR", required = true, description = "Directory for the CSV files.")
    Path dir;

    @Option(names = "--topics", paramLabel = "T", split = ",", description = "Only these topics (comma-separated).")
    List<String> topics = new ArrayList<>();

    @Override
    public Integer call() {
        var err = spec.commandLine().getErr();
        if (!Files.isRegularFile(file)) {
            err.println("afferent: export: " + file + " does not exist");
            return 2;
        }
        try {
            McapContents c = McapReader.readAll(file);
            Set<String> only = new LinkedHashSet<>(topics);
            Set<String> known = new LinkedHashSet<>();
            c.channels().values().forEach(ch -> {
                if (ch.metadata().containsKey("afferent_topic")) {
                    known.add(ch.metadata().get("afferent_topic"));
                }
            });
            for (String t : only) {
                if (!known.contains(t)) {
                    err.println("afferent: export: no topic '" + t + "' in " + file + " (topics: " + String.join(", ", known) + ")");
                    return 2;
                }
            }
            for (Path p : CsvExport.export(c, dir, only)) {
                spec.commandLine().getOut().println(p);
            }
            if (c.truncated()) {
                err.println("afferent: export: " + file + " is truncated (" + c.truncation() + "); exported every complete chunk");
            }
            return 0;
        } catch (McapFormatException e) {
            err.println("afferent: export: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("afferent: export: " + file + ": " + e.getMessage());
            return 2;
        }
    }
}
