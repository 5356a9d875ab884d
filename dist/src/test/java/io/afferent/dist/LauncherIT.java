package io.afferent.dist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** bin/afferent from the unpacked archive, with no Maven on the PATH, as a service or a user runs it. */
class LauncherIT {
    private final Path dist = Dist.unpacked();

    static JsonNode onlySummary(Path reports) throws IOException {
        try (Stream<Path> runs = Files.list(reports)) {
            List<Path> dirs = runs.toList();
            assertEquals(1, dirs.size(), "one run directory: " + dirs);
            return new ObjectMapper().readTree(dirs.getFirst().resolve("summary.json").toFile());
        }
    }

    @Test
    void printsMicrosecondsAsUtf8UnderTheCLocale(@TempDir Path reports) throws IOException {
        // What a systemd service without LANG gets: the C locale, whose charset (US-ASCII) has no 'µ'.
        Map<String, String> env = new HashMap<>();
        env.put("JAVA_HOME", Dist.JAVA_HOME);
        env.put("LC_ALL", "C");
        env.put("LANG", null);
        Dist.Result r = Dist.run(List.of(dist.resolve("bin/afferent").toString(), "run",
                dist.resolve("config/profiles/sim-laptop.yaml").toString(), "--duration", "2s",
                "--report-dir", reports.toString()), env, dist, 180);
        assertEquals(0, r.code(), r.all());
        String out = r.out();
        assertTrue(out.contains("µs"), "the table's units, in UTF-8:\n" + out);
        assertFalse(out.contains("?s p50") || out.contains("budget ?s"), "no '?' for 'µ':\n" + out);
        JsonNode s = onlySummary(reports);
        assertEquals(0, s.get("exit_code").asInt());
        assertTrue(s.get("sources").get("imu").get("samples").asLong() > 0);
    }

    @Test
    void reportsItsVersionWithoutBuildingAnything() throws IOException {
        Dist.Result r = Dist.run(List.of(dist.resolve("bin/afferent").toString(), "--version"),
                Map.of("JAVA_HOME", Dist.JAVA_HOME), dist, 60);
        assertEquals(0, r.code(), r.all());
        String version = Files.readString(dist.resolve("VERSION")).trim();
        assertTrue(r.out().contains("afferent " + version), r.all());
        assertFalse(r.all().contains("building"), r.all());
    }
}
