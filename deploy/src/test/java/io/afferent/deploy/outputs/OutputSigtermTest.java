package io.afferent.deploy.outputs;

import com.fasterxml.jackson.databind.JsonNode;
import io.afferent.deploy.Main;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real child JVM driving gpio-motors on Pi4J's mock pins (the closed loop of {@link GpioMotorsRunTest}) stopped
 * by a real SIGTERM: the output writes its safe state (brake) before the GPIO context shuts down, as the mock pins
 * read back at the end of the run show, and the event is counted in summary.json.
 */
class OutputSigtermTest {
    @Test
    void sigtermLeavesTheMotorPinsBraked(@TempDir Path dir) throws Exception {
        Path profile = dir.resolve("motors.yaml");
        Files.writeString(profile, GpioMotorsRunTest.PROFILE.replace("sim_presses: [{at: 1500ms, for: 500ms}]", "sim_presses: []"));
        Path reports = Files.createDirectories(dir.resolve("r"));
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process p = new ProcessBuilder(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xmx96m", "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "run", profile.toString(),
                "--report-dir", reports.toString())).redirectErrorStream(true).start();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder all = new StringBuilder();
        String line;
        while ((line = r.readLine()) != null && !line.contains("running motors-run")) {
            all.append(line).append('\n');
        }
        assertTrue(line != null, "the run did not start:\n" + all);
        Thread.sleep(2500); // the follower drives: the pins are not in a safe state when the signal comes
        new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
        all.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        // A bound so that a hang fails the test instead of blocking the build; not a timing assertion.
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "process did not exit");
        String out = all.toString();
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("output motors: brake (end of the run)"), out);
        assertTrue(out.contains("GPIO mock output pins at the end of the run: " + OutputSafetyRunTest.BRAKE), out);
        JsonNode s;
        try (Stream<Path> runs = Files.list(reports)) {
            s = new ObjectMapper().readTree(runs.findFirst().orElseThrow().resolve("summary.json").toFile());
        }
        assertEquals("stopped by SIGTERM", s.get("stop_reason").asText());
        JsonNode c = s.get("stages").get("motors").get("counters");
        assertEquals(1, c.get("safe_end_of_run").asLong(), c.toString());
        assertTrue(c.get("commands_written").asLong() > 100, c.toString());
        System.out.println(out.lines().filter(l -> l.contains("GPIO mock") || l.contains("output motors")).toList());
    }
}
