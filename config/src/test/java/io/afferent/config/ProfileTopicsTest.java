package io.afferent.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Stages publish topics: output ports, topic names, who publishes what, cycles; and where plugins are found. */
class ProfileTopicsTest {
    private static final TypeCatalog CATALOG = new TypeCatalog(Map.of("sim-imu", true, "sim-gps", true),
            Map.of("fusion", List.of("pose"), "controller", List.of("cmd", "debug"), "mirror", List.of("back"),
                    "count", List.of()));
    private final ProfileLoader loader = new ProfileLoader(CATALOG);

    private static final String SOURCES = """
            sources:
              imu: {type: sim-imu, rate_hz: 1000}
              gps: {type: sim-gps, rate_hz: 10}
            stages:
            """;

    private Profile load(String stages) throws ConfigException {
        return loader.load("p.yaml", SOURCES + stages);
    }

    private String error(String stages) {
        return assertThrows(ConfigException.class, () -> load(stages)).getMessage();
    }

    @Test
    void outputTopicsAreNamedAfterTheirPortsUnlessRenamed() throws ConfigException {
        Profile p = load("""
                  fusion: {type: fusion, inputs: [imu, gps], deadline_us: 200}
                  ctl: {type: controller, inputs: [pose], deadline_us: 200, outputs: {cmd: wheel_cmd}, output_ring_size: 64}
                  log: {type: count, inputs: [wheel_cmd, debug], deadline_us: 1000}
                """);
        StageConfig fusion = p.stages().get(0);
        assertEquals(Map.of("pose", "pose"), fusion.outputs());
        assertEquals(1024, fusion.outputRingSize(), "default output ring size");
        StageConfig ctl = p.stages().get(1);
        assertEquals(List.of("cmd", "debug"), List.copyOf(ctl.outputs().keySet()));
        assertEquals("wheel_cmd", ctl.outputs().get("cmd"));
        assertEquals("debug", ctl.outputs().get("debug"));
        assertEquals(64, ctl.outputRingSize());
        assertEquals(Map.of(), p.stages().get(2).outputs());
        assertEquals(List.of("wheel_cmd", "debug"), p.stages().get(2).inputs());
        assertEquals(7, p.stages().get(2).inputLocations().get(1).line());
    }

    @Test
    void anOutputPortTheTypeDoesNotDeclareListsThePorts() {
        assertEquals("p.yaml:5:74: stages.fusion.outputs.posee: stage type 'fusion' has no output port 'posee'"
                        + " (ports: pose)",
                error("  fusion: {type: fusion, inputs: [imu, gps], deadline_us: 200, outputs: {posee: x}}\n"));
        assertEquals("p.yaml:5:70: stages.log.outputs.out: stage type 'count' has no output port 'out' (ports: none)",
                error("  log: {type: count, inputs: [imu, gps], deadline_us: 200, outputs: {out: x}}\n"));
    }

    @Test
    void anOutputTopicNameIsLettersDigitsDashAndUnderscore() {
        assertEquals("p.yaml:5:80: stages.fusion.outputs.pose: topic name 'my pose' may hold letters, digits, '_'"
                        + " and '-' only",
                error("  fusion: {type: fusion, inputs: [imu, gps], deadline_us: 200, outputs: {pose: \"my pose\"}}\n"));
    }

    @Test
    void theOutputRingSizeIsAPowerOfTwo() {
        String e = error("  fusion: {type: fusion, inputs: [imu, gps], deadline_us: 200, output_ring_size: 100}\n");
        assertEquals("p.yaml:5:82: stages.fusion.output_ring_size: 100 is not a power of two (allowed: a power of two"
                + " from 2 to 4194304, e.g. 64 or 128)", e);
    }

    @Test
    void aTopicPublishedTwiceIsAnErrorAtTheSecondPublisher() {
        assertEquals("p.yaml:6:3: stages.f2.outputs: topic 'pose' is already published by stage 'f1'; rename it with"
                        + " outputs: {PORT: NAME}",
                error("""
                          f1: {type: fusion, inputs: [imu], deadline_us: 200}
                          f2: {type: fusion, inputs: [gps], deadline_us: 200}
                        """));
        assertEquals("p.yaml:5:3: stages.f.outputs: topic 'gps' is already published by source 'gps'; rename it with"
                        + " outputs: {PORT: NAME}",
                error("  f: {type: fusion, inputs: [imu, gps], deadline_us: 200, outputs: {pose: gps}}\n"));
    }

    @Test
    void anInputNamingNoTopicListsTheTopicsWhenStagesPublishSome() {
        assertEquals("p.yaml:6:36: stages.ctl.inputs[0]: no topic named 'pos' (topics in this profile: imu, gps, pose,"
                        + " cmd, debug)",
                error("""
                          fusion: {type: fusion, inputs: [imu, gps], deadline_us: 200}
                          ctl: {type: controller, inputs: [pos], deadline_us: 200}
                        """));
    }

    @Test
    void aCycleOfStagesIsAnErrorWithItsPath() {
        assertEquals("p.yaml:5:3: stages.ctl.inputs: the stages form a cycle: ctl \u2192 mir \u2192 ctl (a stage cannot"
                        + " depend on its own output)",
                error("""
                          ctl: {type: controller, inputs: [imu, gps, back], deadline_us: 200}
                          mir: {type: mirror, inputs: [cmd], deadline_us: 200}
                        """));
    }

    @Test
    void aStageReadingItsOwnOutputIsACycle() {
        assertEquals("p.yaml:5:3: stages.mir.inputs: the stages form a cycle: mir \u2192 mir (a stage cannot depend on its"
                        + " own output)",
                error("  mir: {type: mirror, inputs: [imu, gps, back], deadline_us: 200}\n"));
    }

    @Test
    void aDiamondIsNotACycle() throws ConfigException {
        Profile p = load("""
                  fusion: {type: fusion, inputs: [imu, gps], deadline_us: 200}
                  a: {type: controller, inputs: [pose], deadline_us: 200, outputs: {cmd: a_cmd, debug: a_dbg}}
                  b: {type: controller, inputs: [pose], deadline_us: 200, outputs: {cmd: b_cmd, debug: b_dbg}}
                  end: {type: count, inputs: [a_cmd, b_cmd], deadline_us: 200}
                """);
        assertEquals(4, p.stages().size());
    }

    @Test
    void pluginPathsResolveAgainstTheProfilesDirectory(@TempDir Path dir) throws Exception {
        Path profiles = Files.createDirectories(dir.resolve("robot/profiles"));
        Path file = profiles.resolve("p.yaml");
        Files.writeString(file, SOURCES + """
                  fusion: {type: fusion, inputs: [imu, gps], deadline_us: 200}
                plugins: [../plugins/line-follower.jar, /opt/afferent/plugins, lib]
                """);
        List<Path> expected = List.of(dir.resolve("robot/plugins/line-follower.jar"), Path.of("/opt/afferent/plugins"),
                profiles.resolve("lib"));
        assertEquals(expected, loader.load(file).plugins());
        assertEquals(expected, ProfileLoader.pluginPaths(file), "read before the profile, the same paths");
        assertEquals(List.of(), loader.load("p.yaml", SOURCES + "  f: {type: fusion, inputs: [imu, gps], deadline_us: 1}\n")
                .plugins());
    }

    @Test
    void pluginsIsAListOfPaths() {
        String e = error("  f: {type: fusion, inputs: [imu, gps], deadline_us: 200}\nplugins: {a: b}\n");
        assertEquals("p.yaml:6:10: plugins: expected a list, found a map", e);
    }
}
