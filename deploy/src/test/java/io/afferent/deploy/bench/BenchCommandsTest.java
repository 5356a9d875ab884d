package io.afferent.deploy.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.afferent.deploy.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The benchmark commands run end to end on short steps, each in a real child JVM: they print their tables and
 * write their JSON. (Their figures are for people; this only checks that the commands work.)
 */
class BenchCommandsTest {
    @Test
    void scaleRunsEachStepInAFreshProcessAndPrintsItsRow(@TempDir Path out) throws Exception {
        Cli cli = new Cli();
        int rc = cli.run("bench", "scale", "--step", "2s", "--sources", "1,3", "--rates", "2000", "--out", out.toString());
        String printed = cli.out.toString();
        assertEquals(0, rc, printed + cli.err);
        assertTrue(printed.contains("CPU = "), printed);
        JsonNode steps = new ObjectMapper().readTree(out.resolve("scale.json").toFile()).path("steps");
        assertEquals(3, steps.size(), printed);
        assertEquals(3, steps.get(1).path("sources").asInt());
        assertEquals(0, steps.get(1).path("dropped").asLong(), "three 1 kHz sources drop nothing");
        assertTrue(steps.get(1).path("samplesPerS").asDouble() > 2500, steps.get(1).toString());
        assertEquals(2000, steps.get(2).path("rateHz").asDouble());
        assertTrue(Files.isRegularFile(out.resolve("scale-cpu.png")));
        String profile = Files.readString(out.resolve("n3-1000hz").resolve("n3-1000hz.yaml"));
        assertTrue(profile.contains("phase: 666666ns"), "the sources' timelines are spread over the period:\n" + profile);
    }

    @Test
    void vsPythonAlternatesAfferentWithThePythonPipeline(@TempDir Path out) throws Exception {
        assumeTrue(new ProcessBuilder("python3", "--version").start().waitFor() == 0, "needs python3");
        Path root = Path.of(System.getProperty("user.dir")).getParent();
        Cli cli = new Cli();
        int rc = cli.run("bench", "vs-python", "--profile", root.resolve("config/profiles/sim-laptop.yaml").toString(),
                "--repeats", "1", "--duration", "3s", "--burn", "0", "--script",
                root.resolve("bench/python/pipeline.py").toString(), "--out", out.toString());
        String printed = cli.out.toString();
        assertEquals(0, rc, printed + cli.err);
        assertTrue(printed.contains("sim-laptop: python's worst end-to-end p99.9 / ours = "), printed);
        JsonNode runs = new ObjectMapper().readTree(out.resolve("vs-python.json").toFile()).path("runs");
        assertEquals(2, runs.size());
        for (JsonNode r : runs) {
            JsonNode f = r.path("figures");
            assertTrue(f.path("e2eP999").path("imu").asDouble() > 0, f.toString());
            assertTrue(f.path("latenessP99").asDouble() > 0, f.toString());
        }
    }
}
