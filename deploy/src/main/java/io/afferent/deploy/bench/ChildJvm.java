package io.afferent.deploy.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs an {@code afferent} command in a fresh JVM, with this JVM's java, flags and class path: each step of a
 * benchmark then starts cold, with its own heap, JIT and process CPU time, as a user's run does.
 */
final class ChildJvm {
    private ChildJvm() {
    }

    /** {@code out}, or {@code reports/<name>-<time>} when none was given; created. */
    static Path outputDir(Path out, String name) throws IOException {
        Path dir = out != null ? out : Path.of("reports", name + "-"
                + java.time.LocalDateTime.now().format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        java.nio.file.Files.createDirectories(dir);
        return dir;
    }

    /** This JVM's command line up to the main class, with {@code extraJvmArgs} after its own flags. */
    static List<String> command(List<String> extraJvmArgs, List<String> afferentArgs) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            // not the debugger's agent, and not an AOT cache being written by this JVM
            if (!a.startsWith("-agentlib:jdwp") && !a.startsWith("-XX:AOTCacheOutput")) {
                cmd.add(a);
            }
        }
        cmd.addAll(extraJvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("io.afferent.deploy.Main");
        cmd.addAll(afferentArgs);
        return cmd;
    }

    /**
     * Runs {@code command} with its output (stdout and stderr) into {@code log}; returns the exit code, or
     * throws when it had to be killed after {@code timeoutNanos}.
     */
    static int run(List<String> command, Path log, long timeoutNanos) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().remove("AFFERENT_LAUNCH_MS");
        Process p = pb.start();
        if (!p.waitFor(timeoutNanos, TimeUnit.NANOSECONDS)) {
            p.destroy();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            throw new IOException("'" + String.join(" ", command.subList(Math.max(0, command.size() - 6), command.size()))
                    + "' did not end within " + timeoutNanos / 1_000_000_000L + " s; its output: " + log);
        }
        return p.exitValue();
    }
}
