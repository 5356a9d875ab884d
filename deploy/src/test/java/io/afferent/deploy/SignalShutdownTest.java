package io.afferent.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A real child JVM stopped by a real signal: the report is written and the exit code is 0. */
class SignalShutdownTest {
    private static Process start(Path reports) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xmx64m", "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "run",
                RunCommandTest.PROFILES.resolve("sim-laptop.yaml").toString(), "--report-dir", reports.toString()));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    private static String awaitLine(Process p, String marker, StringBuilder all) throws Exception {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = r.readLine()) != null) {
            all.append(line).append('\n');
            if (line.contains(marker)) {
                return line;
            }
        }
        throw new AssertionError("process ended before printing '" + marker + "':\n" + all);
    }

    private static void stopsInOrder(String signal, Path reports) throws Exception {
        Process p = start(reports);
        StringBuilder output = new StringBuilder();
        awaitLine(p, "running sim-laptop", output);
        Thread.sleep(1500);
        new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor();
        String rest = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        // A bound so that a hang fails the test instead of blocking the build; not a timing assertion.
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "process did not exit");
        String all = output + rest;
        assertEquals(0, p.exitValue(), all);
        assertTrue(all.contains("SIG" + signal + " received: stopping"), all);
        assertTrue(all.contains("stopped by SIG" + signal), all);
        JsonNode s = RunCommandTest.onlySummary(reports);
        assertEquals("stopped by SIG" + signal, s.get("stop_reason").asText());
        for (JsonNode src : s.get("sources")) {
            assertEquals(src.get("samples").asLong(), src.get("consumed").asLong() + src.get("dropped").asLong());
        }
        assertEquals(0, s.get("stages").get("fusion").get("unconsumed").asLong());
    }

    @Test
    void sigtermStopsInOrderAndWritesTheReport(@TempDir Path reports) throws Exception {
        stopsInOrder("TERM", reports);
    }

    @Test
    void sigintStopsInOrderAndWritesTheReport(@TempDir Path reports) throws Exception {
        stopsInOrder("INT", reports);
    }
}
