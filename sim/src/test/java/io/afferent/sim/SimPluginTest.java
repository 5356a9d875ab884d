package io.afferent.sim;

import io.afferent.api.AfferentPlugin;
import io.afferent.api.ConfigError;
import io.afferent.api.ReportSection;
import io.afferent.api.msg.GpsFix;
import io.afferent.api.msg.Imu;
import io.afferent.api.msg.Range;
import io.afferent.api.msg.Wheels;
import io.afferent.api.truth.GroundTruth;
import io.afferent.api.truth.TruthState;
import io.afferent.sim.config.SimFactory;
import io.afferent.sim.run.VirtualRun;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The simulator as a plugin: its types, its run hook and services, its report section. */
class SimPluginTest {
    private static final long S = 1_000_000_000L;

    /** A profile with one non-simulated source and the given top-level text. */
    private static String withoutSimSources(String top) {
        return top + "sources:\n  bumper: {type: gpio-input, rate_hz: 100}\n"
                + "stages:\n  f: {type: fusion, deadline_us: 1000, inputs: [bumper]}\n";
    }

    @Test
    void registersTheFourSimulatedSourceTypesWithTheirMessageTypes() throws Exception {
        TestRun r = TestRun.of(TestWorlds.load(withoutSimSources("")), 0);
        assertEquals(Map.of("sim-imu", true, "sim-wheels", true, "sim-gps", true, "sim-range", true),
                r.registry.catalog().sourceTypes(), "four periodic types (they need rate_hz)");
        assertSame(Imu.TYPE, r.registry.source("sim-imu").messageType());
        assertSame(Wheels.TYPE, r.registry.source("sim-wheels").messageType());
        assertSame(GpsFix.TYPE, r.registry.source("sim-gps").messageType());
        assertSame(Range.TYPE, r.registry.source("sim-range").messageType());
        assertEquals(List.of("sim-faults"), List.copyOf(r.registry.extensions().keySet()));
        assertEquals(1, r.registry.runHooks().size());
        assertEquals(java.util.Set.of("sim-drive"), r.registry.catalog().stageTypes(),
                "the simulator's one stage type is its drive output (an output is a stage with no ports)");
        AfferentPlugin p = TestRun.simPlugin();
        assertEquals(SimPlugin.class, p.getClass());
    }

    @Test
    void aTypoInTheSimSectionFailsEvenWhenNoSimulatedSourceUsesIt() throws Exception {
        ConfigError e = assertThrows(ConfigError.class,
                () -> TestRun.of(TestWorlds.load(withoutSimSources("sim:\n  seed: 1\n  feild: {width_m: 5}\n")), 0));
        assertTrue(e.getMessage().startsWith("test.yaml:3:3: sim.feild: unknown key in sim (allowed: "), e.getMessage());
        e = assertThrows(ConfigError.class, () -> TestRun.of(TestWorlds.load(withoutSimSources(
                "sim:\n  course: {type: random, speed_mps: 50}\n")), 0));
        assertTrue(e.getMessage().startsWith("test.yaml:2:"), e.getMessage());
        assertTrue(e.getMessage().contains("sim.course.speed_mps: 50 is out of range (allowed: 0.01 to 20)"), e.getMessage());
    }

    @Test
    void withoutASimSectionThereIsNoWorldUnlessASimulatedSourceAsksForTheDefaultOne() throws Exception {
        TestRun r = TestRun.of(TestWorlds.load(withoutSimSources("")), 0);
        assertTrue(r.service(GroundTruth.class).isEmpty());
        assertTrue(r.service(SimFactory.class).isEmpty());
        var b = TestWorlds.build(
                "sources:\n  imu: {type: sim-imu, rate_hz: 100}\nstages:\n  f: {type: fusion, deadline_us: 1000, inputs: [imu]}\n", 0);
        assertTrue(b.run().service(GroundTruth.class).isPresent(), "a simulated source gets the default world");
    }

    @Test
    void groundTruthIsTheRunsWorldStartingAtTheRunsOrigin() throws Exception {
        long origin = 7 * S;
        var b = TestWorlds.build(TestWorlds.profile("seed: 3\nstart: {east_m: 2, north_m: -1, heading_deg: 90}\n"
                + "course: {type: script, segments: [{straight_m: 4}], repeat: false}\n", "imu", "sim-imu", 100, ""), origin);
        GroundTruth truth = b.run().service(GroundTruth.class).orElseThrow();
        assertSame(b.factory().world(), truth);
        assertEquals(origin, truth.originNanos());
        TruthState t = new TruthState();
        truth.truthAt(origin - S, t);
        assertEquals(2, t.eastM, 1e-12);
        assertEquals(-1, t.northM, 1e-12);
        assertEquals(Math.PI / 2, t.headingRad, 1e-12);
        truth.truthAt(origin + 60 * S, t);
        assertEquals(3, t.northM, 1e-9, "drove 4 m north");
    }

    @Test
    void faultsSectionListsEveryInjectedFaultWithItsTime() throws Exception {
        var b = TestWorlds.build(TestWorlds.profile("seed: 4\n", "gps", "sim-gps", 5,
                "faults:\n  - {type: stuck, at: 1500ms, duration: 250ms}\n  - {type: dropout, at: 500ms, duration: 300ms}"), 0);
        new VirtualRun(b.sources()).runFor(3 * S, (i, s, m, t) -> { });
        List<ReportSection> sections = b.run().extensions();
        assertEquals(1, sections.size());
        ReportSection f = sections.get(0);
        assertEquals("faults", f.name());
        assertEquals(List.of(
                Map.of("t_s", 0.5, "sensor", "gps", "fault", "dropout", "detail", "for 0.300 s"),
                Map.of("t_s", 1.5, "sensor", "gps", "fault", "stuck", "detail", "for 0.250 s")), f.summary());
        assertEquals(List.of("t_s", "sensor", "fault", "detail"),
                List.copyOf(((Map<?, ?>) ((List<?>) f.summary()).get(0)).keySet()), "summary.json field order");
        StringBuilder text = new StringBuilder();
        f.appendText(text);
        String nl = System.lineSeparator();
        assertEquals(nl + "Faults injected" + nl
                + "    0.500 s  gps        dropout     for 0.300 s" + nl
                + "    1.500 s  gps        stuck       for 0.250 s" + nl, text.toString());
    }

    @Test
    void aSimulatedRunWithoutFaultsHasAnEmptyFaultsListAndNoText() throws Exception {
        var b = TestWorlds.build(TestWorlds.profile("seed: 4\n", "imu", "sim-imu", 100, ""), 0);
        new VirtualRun(b.sources()).runFor(S, (i, s, m, t) -> { });
        List<ReportSection> sections = b.run().extensions();
        assertEquals(1, sections.size());
        assertEquals(List.of(), sections.get(0).summary());
        StringBuilder text = new StringBuilder();
        sections.get(0).appendText(text);
        assertEquals("", text.toString());
    }

    @Test
    void faultTimesAreRoundedToMicrosecondsInTheSummary() throws Exception {
        var b = TestWorlds.build(TestWorlds.profile("seed: 4\n", "imu", "sim-imu", 1000,
                "faults: [{type: dropout, at: 1234567891ns, duration: 2ms}]"), 0);
        assertEquals(0, b.factory().faultLog().size(), "nothing logged before the fault's first sample is produced");
        new VirtualRun(b.sources()).runFor(2 * S, (i, s, m, t) -> { });
        Object summary = b.run().extensions().get(0).summary();
        assertEquals(1.234568, ((Map<?, ?>) ((List<?>) summary).get(0)).get("t_s"));
    }
}
