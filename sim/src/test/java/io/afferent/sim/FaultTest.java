package io.afferent.sim;

import io.afferent.api.ConfigError;
import io.afferent.api.msg.Wheels;
import io.afferent.sim.fault.FaultLog;
import io.afferent.sim.run.VirtualRun;
import io.afferent.sim.sensor.SimSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each fault type happens when configured, and the log says when. */
class FaultTest {
    private static final String SIM = "seed: 4\ncourse: {type: random, duration: 10m}\n";
    private static final long MS = 1_000_000L;

    private static List<double[]> run(SimSource<?> only, TestWorlds.Built b, long durationNanos) {
        List<double[]> out = new ArrayList<>();
        out.add(null); // index 0 is not produced by a run: keep list index == sample index
        new VirtualRun(List.of(only)).runFor(durationNanos, (i, s, m, t) -> out.add(TestWorlds.payload(m)));
        return out;
    }

    @Test
    void dropoutInvalidatesSamplesOnlyInsideItsWindow() throws Exception {
        var b = TestWorlds.build(TestWorlds.profile(SIM, "imu", "sim-imu", 100,
                "faults:\n  - {type: dropout, at: 2s, duration: 500ms}"), 0);
        List<double[]> out = run(b.source("imu"), b, 5_000 * MS);
        for (int k = 1; k < out.size(); k++) {
            boolean inside = k >= 200 && k < 250;
            assertEquals(inside, out.get(k)[0] == 0, "validMask at " + k);
        }
        assertEquals(List.of(new FaultLog.Entry(2_000 * MS, "imu", "dropout", "for 0.500 s")), b.factory().faultLog().entries());
    }

    @Test
    void dropoutOfWheelsAndRangeUsesTheirInvalidMarkers() throws Exception {
        var b = TestWorlds.build("sim:\n" + "  seed: 4\n" + "sources:\n"
                + "  w:\n    type: sim-wheels\n    rate_hz: 50\n    params:\n      faults: [{type: dropout, at: 1s, duration: 1s}]\n"
                + "  r:\n    type: sim-range\n    rate_hz: 20\n    params:\n      faults: [{type: dropout, at: 1s, duration: 1s}]\n"
                + "stages:\n  f:\n    type: fusion\n    deadline_us: 1000\n    inputs: [w, r]\n", 0);
        List<Object> inWindow = new ArrayList<>();
        new VirtualRun(b.sources()).runFor(1_500 * MS, (i, s, m, t) -> {
            if (t >= 1_000 * MS) {
                assertFalse(TestWorlds.valid(s, m), s.type().name() + " at " + t);
                inWindow.add(m);
            } else if (m instanceof Wheels) {
                assertTrue(TestWorlds.valid(s, m));
            }
        });
        assertFalse(inWindow.isEmpty());
    }

    @Test
    void stuckRepeatsTheFirstValueOfTheWindow() throws Exception {
        var b = TestWorlds.build(TestWorlds.profile(SIM, "imu", "sim-imu", 100,
                "faults:\n  - {type: stuck, at: 1s, duration: 1s}"), 0);
        List<double[]> out = run(b.source("imu"), b, 3_000 * MS);
        for (int k = 101; k < 200; k++) {
            assertArrayEquals(out.get(100), out.get(k), "stuck at " + k);
        }
        assertFalse(Arrays.equals(out.get(100), out.get(200)), "moves again after the window");
        assertFalse(Arrays.equals(out.get(98), out.get(99)));
        assertEquals("stuck", b.factory().faultLog().entries().get(0).fault());
    }

    @Test
    void latencyHandsOutDataAsOldAsTheDelay() throws Exception {
        String params = "faults:\n  - {type: latency, at: 1s, duration: 1s, delay: 250ms}";
        var faulty = TestWorlds.build(TestWorlds.profile(SIM, "imu", "sim-imu", 100, params), 0);
        var clean = TestWorlds.build(TestWorlds.profile(SIM, "imu", "sim-imu", 100, ""), 0);
        List<double[]> late = run(faulty.source("imu"), faulty, 3_000 * MS);
        List<double[]> ref = run(clean.source("imu"), clean, 3_000 * MS);
        for (int k = 1; k < late.size(); k++) {
            int expected = k >= 100 && k < 200 ? k - 25 : k;
            assertArrayEquals(ref.get(expected), late.get(k), "sample " + k);
        }
        assertEquals("for 1.000 s, data 0.250 s old", faulty.factory().faultLog().entries().get(0).detail());
    }

    @Test
    void randomFaultsAreSeededAndLogged() throws Exception {
        String params = "faults:\n  - {type: dropout, every: 20s, duration: 1s, duration_max: 3s}";
        var a = TestWorlds.build(TestWorlds.profile(SIM, "gps", "sim-gps", 5, params), 0);
        var again = TestWorlds.build(TestWorlds.profile(SIM, "gps", "sim-gps", 5, params), 0);
        var other = TestWorlds.build(TestWorlds.profile(SIM.replace("seed: 4", "seed: 5"), "gps", "sim-gps", 5, params), 0);
        assertEquals(a.source("gps").faults().windows(), again.source("gps").faults().windows());
        assertTrue(!a.source("gps").faults().windows().equals(other.source("gps").faults().windows()));
        int invalid[] = {0};
        new VirtualRun(a.sources()).runFor(600_000 * MS, (i, s, m, t) -> invalid[0] += TestWorlds.valid(s, m) ? 0 : 1);
        List<FaultLog.Entry> log = a.factory().faultLog().entries();
        assertTrue(log.size() >= 15 && log.size() <= 50, "about one every 20 s over 10 min: " + log.size());
        assertTrue(invalid[0] >= 5 * log.size() && invalid[0] <= 15 * log.size() + 5, "1-3 s each at 5 Hz: " + invalid[0]);
        for (int i = 1; i < log.size(); i++) {
            assertTrue(log.get(i).timeNanos() > log.get(i - 1).timeNanos());
        }
    }

    @Test
    void serialFaultsNeedAServedSource() {
        ConfigError e = assertThrows(ConfigError.class, () -> TestWorlds.build(TestWorlds.profile(SIM, "gps",
                "sim-gps", 5, "faults:\n  - {type: disconnect, at: 2s, duration: 1s}"), 0));
        assertTrue(e.getMessage().contains("'disconnect' happens on a serial stream"), e.getMessage());
        assertTrue(e.getMessage().startsWith("test.yaml:"), "file position: " + e.getMessage());
    }

    @Test
    void aFaultNeedsEitherAtOrEvery() {
        ConfigError e = assertThrows(ConfigError.class, () -> TestWorlds.build(TestWorlds.profile(SIM, "gps",
                "sim-gps", 5, "faults:\n  - {type: dropout, duration: 1s}"), 0));
        assertTrue(e.getMessage().contains("either 'at'"), e.getMessage());
    }

    @Test
    void servingTooMuchForTheBaudRateIsAConfigurationError() {
        ConfigError e = assertThrows(ConfigError.class, () -> TestWorlds.build(TestWorlds.profile(SIM, "imu",
                "sim-imu", 500, "serve: {link: /tmp/x/imu0, baud: 115200}"), 0));
        assertTrue(e.getMessage().contains("115200 baud carries 11520 bytes/s"), e.getMessage());
    }
}
