package io.afferent.dist;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The release archive as a user gets it: built by this module's package phase, unpacked with tar, run with processes. */
final class Dist {
    static final Path ARCHIVE = Path.of(System.getProperty("afferent.dist.archive", "target/afferent.tar.gz"));
    static final String NAME = System.getProperty("afferent.dist.name", "afferent");
    /** The repository checkout (this module is {@code dist/} in it). */
    static final Path REPO = Path.of("").toAbsolutePath().getParent();
    /** The JDK that runs the tests (the toolchain's JDK 25), handed to the launcher as JAVA_HOME. */
    static final String JAVA_HOME = System.getProperty("java.home");

    private static Path unpacked;

    private Dist() {
    }

    /** The archive unpacked once per test JVM into target/it/, with tar (modes as in the archive). */
    static synchronized Path unpacked() {
        if (unpacked == null) {
            try {
                Path dir = Path.of("target", "it", "unpacked").toAbsolutePath();
                deleteTree(dir);
                Files.createDirectories(dir);
                Result r = run(List.of("tar", "-xzf", ARCHIVE.toString(), "-C", dir.toString()), Map.of(), dir, 120);
                if (r.code() != 0) {
                    throw new IllegalStateException("tar failed: " + r.err());
                }
                unpacked = dir.resolve(NAME);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return unpacked;
    }

    record Result(int code, byte[] outBytes, String err) {
        String out() {
            return new String(outBytes, StandardCharsets.UTF_8);
        }

        String all() {
            return out() + err;
        }
    }

    /**
     * Runs a command with a clean environment (PATH /usr/sbin:/usr/bin:/sbin:/bin, no Maven, no LANG) plus
     * {@code env}; a value of null removes a variable.
     */
    static Result run(List<String> command, Map<String, String> env, Path cwd, long timeoutS) throws IOException {
        // Java looks a bare program name up in its own PATH, not the child's: resolve it in the clean PATH here.
        List<String> resolved = new ArrayList<>(command);
        if (!resolved.getFirst().contains("/")) {
            resolved.set(0, which(resolved.getFirst()));
        }
        ProcessBuilder pb = new ProcessBuilder(resolved).directory(cwd.toFile());
        Map<String, String> e = pb.environment();
        e.clear();
        e.put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        e.put("HOME", System.getProperty("user.home"));
        env.forEach((k, v) -> {
            if (v == null) {
                e.remove(k);
            } else {
                e.put(k, v);
            }
        });
        Process p = pb.start();
        p.getOutputStream().close();
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        try {
            if (!p.waitFor(timeoutS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(command + " did not end within " + timeoutS + " s");
            }
            return new Result(p.exitValue(), out.join(), new String(err.join(), StandardCharsets.UTF_8));
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ie);
        }
    }

    private static byte[] readAll(InputStream in) {
        try (in; ByteArrayOutputStream b = new ByteArrayOutputStream()) {
            in.transferTo(b);
            return b.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final List<String> CLEAN_PATH = List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin");

    static boolean onPath(String tool) {
        return !which(tool).equals(tool);
    }

    /** The program's path in the clean PATH, or the bare name when it is not there. */
    static String which(String tool) {
        for (String dir : CLEAN_PATH) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return Path.of(dir, tool).toString();
            }
        }
        return tool;
    }

    static boolean isRoot() throws IOException {
        return run(List.of("id", "-u"), Map.of(), Path.of("/"), 10).out().trim().equals("0");
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    static List<String> names(Path dir, String suffix) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(suffix)).sorted().forEach(out::add);
        }
        return out;
    }
}
