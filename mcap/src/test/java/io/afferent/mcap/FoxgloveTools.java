package io.afferent.mcap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs {@code src/test/node/decode.mjs} (Foxglove's @mcap/core, @mcap/support, @foxglove/rosmsg,
 * @foxglove/rosmsg2-serialization) with the machine's Node.js; installs the locked packages with
 * {@code npm ci} when node_modules is missing. No Node.js or npm: the test fails saying so.
 */
final class FoxgloveTools {
    static final Path DIR = Path.of("src", "test", "node").toAbsolutePath();
    private static boolean installed;

    private record Result(int exit, String stdout, String stderr) {
    }

    private static Result run(List<String> cmd, Path cwd, long timeoutSeconds) throws IOException, InterruptedException {
        Path err = Files.createTempFile("node-err", ".txt");
        try {
            Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectError(err.toFile()).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            // A bound so that a hang fails the test instead of blocking the build; not a timing assertion.
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(String.join(" ", cmd) + " did not finish within " + timeoutSeconds + " s");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), Files.readString(err));
        } finally {
            Files.deleteIfExists(err);
        }
    }

    static synchronized void ensureInstalled() throws Exception {
        if (installed) {
            return;
        }
        for (String tool : List.of("node", "npm")) {
            try {
                Result v = run(List.of(tool, "--version"), DIR, 120);
                if (v.exit() != 0) {
                    fail(tool + " --version failed: " + v.stderr());
                }
            } catch (IOException e) {
                fail(tool + " is not installed: the Foxglove reader tests need Node.js (18 or later) and npm on the "
                        + "PATH (Debian: apt-get install nodejs npm; CI installs them). " + e.getMessage());
            }
        }
        if (!Files.isDirectory(DIR.resolve("node_modules/@mcap/core"))
                || !Files.isDirectory(DIR.resolve("node_modules/@foxglove/rosmsg2-serialization"))) {
            Result r = run(List.of("npm", "ci", "--no-audit", "--no-fund"), DIR, 900);
            if (r.exit() != 0) {
                fail("npm ci in " + DIR + " failed (exit " + r.exit() + "):\n" + r.stdout() + r.stderr());
            }
        }
        installed = true;
    }

    /** {@code mode}: indexed or stream. */
    static JsonNode decode(String mode, Path mcap) throws Exception {
        ensureInstalled();
        List<String> cmd = new ArrayList<>(List.of("node", "decode.mjs", mode, mcap.toAbsolutePath().toString()));
        Result r = run(cmd, DIR, 300);
        if (r.exit() != 0) {
            fail("Foxglove's reader failed on " + mcap + " (" + mode + ", exit " + r.exit() + "):\n" + r.stderr());
        }
        return new ObjectMapper().readTree(r.stdout());
    }

    private FoxgloveTools() {
    }
}
