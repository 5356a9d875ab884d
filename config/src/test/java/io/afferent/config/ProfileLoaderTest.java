package io.afferent.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProfileLoaderTest {
    private static final TypeCatalog CATALOG = new TypeCatalog(
            Map.of("sim-imu", true, "sim-gps", true, "nmea-serial", false), Set.of("fusion"));
    private final ProfileLoader loader = new ProfileLoader(CATALOG);

    private static final String VALID = """
            name: test
            sources:
              imu:
                type: sim-imu
                rate_hz: 1000
                ring_size: 4096
              gps:
                type: sim-gps
                rate_hz: 10
                thread: slow
            stages:
              fusion:
                type: fusion
                inputs: [imu, gps]
                deadline_us: 200
            """;

    private ConfigException error(String yaml) {
        return assertThrows(ConfigException.class, () -> loader.load("p.yaml", yaml));
    }

    @Test
    void housekeepingCpusAreAListOfCpuNumbers() throws ConfigException {
        assertEquals(java.util.List.of(), loader.load("p.yaml", VALID).process().housekeepingCpus());
        Profile p = loader.load("p.yaml", VALID + "process:\n  housekeeping_cpus: [0, 2]\n");
        assertEquals(java.util.List.of(0, 2), p.process().housekeepingCpus());
        ConfigException e = error(VALID + "process:\n  housekeeping_cpus: []\n");
        assertEquals("p.yaml:17:22: process.housekeeping_cpus: is an empty list (allowed: CPU numbers, e.g. [0], "
                + "or leave the key out)", e.getMessage());
    }

    @Test
    void loadsAValidProfileWithDefaults() throws ConfigException {
        Profile p = loader.load("p.yaml", VALID);
        assertEquals("test", p.name());
        SourceConfig imu = p.sources().get(0);
        assertEquals(1000, imu.rateHz());
        assertEquals(1_000_000, imu.periodNanos());
        assertEquals(4096, imu.ringSize());
        assertEquals(Overflow.DROP, imu.overflow());
        assertEquals(WaitName.SLEEP, imu.waitStrategy());
        assertEquals(ErrorPolicy.RESTART, imu.onError());
        assertEquals(1, imu.rt().timerSlackNs(), "periodic readers default to a 1 ns timer slack");
        assertEquals(0, p.stages().get(0).rt().timerSlackNs());
        assertEquals("imu", imu.thread());
        SourceConfig gps = p.sources().get(1);
        assertEquals("slow", gps.thread());
        assertTrue(gps.sharedThread());
        StageConfig fusion = p.stages().get(0);
        assertEquals(200, fusion.deadlineUs());
        assertEquals(WaitName.BLOCK, fusion.waitStrategy());
        assertEquals(ErrorPolicy.STOP, fusion.onError());
        assertEquals(Path.of("reports"), p.report().dir());
        assertEquals(RobotConfig.DEFAULT, p.robot());
    }

    @Test
    void unknownKeyNamesLineColumnAndAllowedKeys() {
        ConfigException e = error(VALID.replace("ring_size: 4096", "ring_size: 4096\n    rate: 5"));
        assertEquals("p.yaml:7:5: sources.imu.rate: unknown key in sources.imu (allowed: type, rate_hz, phase, ring_size,"
                + " overflow, thread, wait, on_error, restart_backoff, restart_backoff_max, rt, params)", e.getMessage());
    }

    @Test
    void unknownTopLevelKeyIsRejected() {
        ConfigException e = error(VALID + "reprot:\n  dir: x\n");
        assertEquals(16, e.location().line());
        assertTrue(e.getMessage().contains("reprot: unknown key at the top level (allowed: name, description, sources,"),
                e.getMessage());
    }

    @Test
    void wrongTypeSaysWhatWasFound() {
        ConfigException e = error(VALID.replace("rate_hz: 1000", "rate_hz: fast"));
        assertEquals("p.yaml:5:14: sources.imu.rate_hz: expected a number, found text 'fast'", e.getMessage());
        e = error(VALID.replace("ring_size: 4096", "ring_size: [1, 2]"));
        assertEquals("p.yaml:6:16: sources.imu.ring_size: expected a whole number, found a list", e.getMessage());
        e = error(VALID.replace("ring_size: 4096", "ring_size: \"4096\""));
        assertTrue(e.getMessage().endsWith("expected a whole number, found text '4096'"), e.getMessage());
    }

    @Test
    void ringSizeMustBeAPowerOfTwo() {
        ConfigException e = error(VALID.replace("ring_size: 4096", "ring_size: 1000"));
        assertEquals("p.yaml:6:16: sources.imu.ring_size: 1000 is not a power of two (allowed: a power of two"
                + " from 2 to 4194304, e.g. 512 or 1024)", e.getMessage());
        e = error(VALID.replace("ring_size: 4096", "ring_size: 1"));
        assertTrue(e.getMessage().contains("1 is out of range (allowed: 2 to 4194304)"), e.getMessage());
    }

    @Test
    void rateOutOfRangeNamesTheRange() {
        ConfigException e = error(VALID.replace("rate_hz: 1000", "rate_hz: 50000"));
        assertEquals("p.yaml:5:14: sources.imu.rate_hz: 50000 is out of range (allowed: 0.1 to 20000)", e.getMessage());
        e = error(VALID.replace("rate_hz: 1000", "rate_hz: 0"));
        assertTrue(e.getMessage().contains("0 is out of range"), e.getMessage());
    }

    @Test
    void periodicSourceNeedsARate() {
        ConfigException e = error(VALID.replace("    rate_hz: 1000\n", ""));
        assertEquals("p.yaml:4:5: sources.imu.rate_hz: is required but missing", e.getMessage());
    }

    @Test
    void streamingSourceRejectsARate() {
        ConfigException e = error(VALID.replace("type: sim-gps", "type: nmea-serial"));
        assertTrue(e.getMessage().startsWith("p.yaml:9:14: sources.gps.rate_hz: a 'nmea-serial' source is not periodic"),
                e.getMessage());
    }

    @Test
    void stageReadingAMissingSourceNamesTheSourcesThatExist() {
        ConfigException e = error(VALID.replace("inputs: [imu, gps]", "inputs: [imu, gsp]"));
        assertEquals("p.yaml:14:19: stages.fusion.inputs[1]: no source named 'gsp' (sources in this profile: imu, gps)",
                e.getMessage());
    }

    @Test
    void sourceNobodyReadsIsAnError() {
        ConfigException e = error(VALID.replace("inputs: [imu, gps]", "inputs: [imu]"));
        assertEquals("p.yaml:7:3: sources.gps: no stage reads this source; add it to a stage's inputs or remove it",
                e.getMessage());
    }

    @Test
    void unknownTypeListsKnownTypes() {
        ConfigException e = error(VALID.replace("type: sim-imu", "type: imu9000"));
        assertEquals("p.yaml:4:11: sources.imu.type: unknown source type 'imu9000' (allowed: nmea-serial, sim-gps, sim-imu)",
                e.getMessage());
        e = error(VALID.replace("type: fusion", "type: kalman"));
        assertTrue(e.getMessage().endsWith("unknown stage type 'kalman' (allowed: fusion)"), e.getMessage());
    }

    @Test
    void badChoiceListsTheChoices() {
        ConfigException e = error(VALID.replace("ring_size: 4096", "ring_size: 4096\n    overflow: overwrite"));
        assertEquals("p.yaml:7:15: sources.imu.overflow: 'overwrite' is not allowed (allowed: drop, block)", e.getMessage());
        e = error(VALID.replace("deadline_us: 200", "deadline_us: 200\n    wait: nap"));
        assertTrue(e.getMessage().endsWith("'nap' is not allowed (allowed: spin, yield, backoff, sleep, block)"),
                e.getMessage());
    }

    @Test
    void duplicateKeysAreRejected() {
        ConfigException e = error(VALID.replace("ring_size: 4096", "ring_size: 4096\n    ring_size: 64"));
        assertEquals("p.yaml:7:5: sources.imu.ring_size: duplicate key (first at line 6)", e.getMessage());
    }

    @Test
    void invalidYamlSaysWhere() {
        ConfigException e = error("sources:\n  imu: [unclosed\n");
        assertTrue(e.getMessage().startsWith("p.yaml:"), e.getMessage());
        assertTrue(e.getMessage().contains("not valid YAML"), e.getMessage());
    }

    @Test
    void emptyAndMissingFilesAreErrors() {
        assertEquals("p.yaml:1:1: the file is empty", error("").getMessage());
        ConfigException e = assertThrows(ConfigException.class, () -> loader.load(Path.of("/nonexistent/x.yaml")));
        assertEquals("/nonexistent/x.yaml: no such file", e.getMessage());
    }

    @Test
    void realtimeSettingsAreValidated() throws ConfigException {
        Profile p = loader.load("p.yaml", VALID.replace("ring_size: 4096",
                "ring_size: 4096\n    rt: {policy: fifo, priority: 80, cpus: [1], timer_slack: 1ns, spin: 20us}"));
        ThreadSettings rt = p.sources().get(0).rt();
        assertEquals(new ThreadSettings("SCHED_FIFO", 80, 0, java.util.List.of(1), 1, 20_000), rt);
        ConfigException e = error(VALID.replace("ring_size: 4096", "ring_size: 4096\n    rt: {policy: fifo, priority: 120}"));
        assertTrue(e.getMessage().contains("sources.imu.rt.priority: 120 is out of range (allowed: 1 to 99)"), e.getMessage());
        e = error(VALID.replace("ring_size: 4096", "ring_size: 4096\n    rt: {policy: fifo, nice: -5}"));
        assertTrue(e.getMessage().contains("nice applies to policy 'other' only"), e.getMessage());
    }

    @Test
    void sourcesSharingAThreadMustAgree() {
        String yaml = VALID.replace("rate_hz: 1000", "rate_hz: 1000\n    thread: slow\n    wait: spin");
        ConfigException e = error(yaml);
        assertTrue(e.getMessage().contains("shares thread 'slow' with 'imu' but asks for different rt or wait settings"),
                e.getMessage());
    }

    @Test
    void yamlBooleanWordsStillWorkAsChoices() throws ConfigException {
        Profile p = loader.load("p.yaml", VALID + "report: {status: off, hlog: no}\n");
        assertEquals(ReportConfig.StatusMode.OFF, p.report().status());
        assertEquals(false, p.report().hlog());
        ConfigException e = error(VALID.replace("rate_hz: 1000", "rate_hz: yes"));
        assertTrue(e.getMessage().endsWith("expected a number, found the boolean 'yes'"), e.getMessage());
    }

    @Test
    void durationsAcceptUnits() {
        assertEquals(500_000_000L, Durations.parseNanos("500ms"));
        assertEquals(30_000_000_000L, Durations.parseNanos("30s"));
        assertEquals(30_000_000_000L, Durations.parseNanos("30"));
        assertEquals(120_000_000_000L, Durations.parseNanos("2m"));
        assertEquals(1_500, Durations.parseNanos("1.5us"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parseNanos("3 weeks"));
        assertEquals("'3 weeks' has an unknown unit 'weeks' (allowed: ns, us, ms, s, m, h)", e.getMessage());
        assertEquals("2m", Durations.format(120_000_000_000L));
    }

    @Test
    void theShippedProfilesLoad() throws ConfigException {
        Path dir = Path.of(System.getProperty("user.dir")).resolve("profiles");
        Profile p = new ProfileLoader(new TypeCatalog(Map.of("sim-imu", true, "sim-wheels", true, "sim-gps", true),
                Set.of("fusion"))).load(dir.resolve("sim-laptop.yaml"));
        assertEquals(3, p.sources().size());
        assertEquals(1000, p.source("imu").orElseThrow().rateHz());
    }
}
