package io.afferent.deploy;

import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** The afferent CLI run in-process for tests, with its output captured and no signal handlers installed. */
public final class Cli {
    public static final Path PROFILES = Path.of(System.getProperty("user.dir")).resolveSibling("config").resolve("profiles");

    public final ByteArrayOutputStream out = new ByteArrayOutputStream();
    public final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** Runs {@code afferent ARGS...}; returns the exit code. */
    public int run(String... args) {
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        CommandLine cl = Main.commandLine(new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                if (cls == RunCommand.class) {
                    return cls.cast(new RunCommand(o, e, false));
                }
                if (cls == io.afferent.deploy.bench.ScaleCommand.class) {
                    return cls.cast(new io.afferent.deploy.bench.ScaleCommand(o));
                }
                if (cls == io.afferent.deploy.bench.VsPythonCommand.class) {
                    return cls.cast(new io.afferent.deploy.bench.VsPythonCommand(o));
                }
                return CommandLine.defaultFactory().create(cls);
            }
        });
        cl.setOut(new PrintWriter(o, true));
        cl.setErr(new PrintWriter(e, true));
        return cl.execute(args);
    }
}
