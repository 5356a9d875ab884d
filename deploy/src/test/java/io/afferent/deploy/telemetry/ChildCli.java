package io.afferent.deploy.telemetry;

import io.afferent.deploy.Main;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code afferent ARGS...} in a child JVM (the test's class path, the CLI's real {@code main}), its output read line
 * by line on a thread of its own so that the child never blocks on a full pipe.
 */
final class ChildCli implements AutoCloseable {
    private static final String EOF = "\u0000EOF";
    private final Process process;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuilder all = new StringBuilder();

    ChildCli(String name, String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xmx128m", "-cp",
                System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (all) {
                        all.append(line).append('\n');
                    }
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process is gone
            } finally {
                lines.add(EOF);
            }
        }, "out-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    long pid() {
        return process.pid();
    }

    Process process() {
        return process;
    }

    /**
     * The next line of output, waiting at most {@code seconds} (a bound for a broken child, not a measurement);
     * null at the end of the output.
     */
    String nextLine(long seconds) throws InterruptedException {
        String line = lines.poll(seconds, TimeUnit.SECONDS);
        if (line == null) {
            throw new AssertionError("no output from the child for " + seconds + " s; so far:\n" + output());
        }
        return line.equals(EOF) ? null : line;
    }

    /** Reads lines until one contains {@code marker}. */
    String awaitLine(String marker, long seconds) throws InterruptedException {
        String line;
        while ((line = nextLine(seconds)) != null) {
            if (line.contains(marker)) {
                return line;
            }
        }
        throw new AssertionError("the child ended before printing '" + marker + "':\n" + output());
    }

    /** Everything it printed so far. */
    String output() {
        synchronized (all) {
            return all.toString();
        }
    }

    /** Waits for the exit (at most {@code seconds}) and returns the code. */
    int waitFor(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("the child did not exit within " + seconds + " s:\n" + output());
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
