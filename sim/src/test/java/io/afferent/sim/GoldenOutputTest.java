package io.afferent.sim;

import io.afferent.sim.run.VirtualRun;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The simulator's outputs are bit for bit those of the simulator before it moved onto the public API (commit
 * b4db4cd, where the same digests were printed by the same loop over its Sample payloads): every sensor, every
 * fault, two minutes of a drive. A change to a noise model or a fault must change these digests on purpose; then
 * record the new ones here and say why in the commit.
 */
class GoldenOutputTest {
    private static final String PROFILE = """
            sim:
              seed: 99
              course: {type: random, speed_mps: 1.0, duration: 10m}
            sources:
              imu:
                type: sim-imu
                rate_hz: 1000
                params:
                  report_angle: true
                  faults:
                    - {type: stuck, at: 100ms, duration: 30ms}
                    - {type: latency, at: 200ms, duration: 50ms, delay: 20ms}
                    - {type: dropout, every: 1500ms, duration: 10ms}
              wheels:
                type: sim-wheels
                rate_hz: 200
              gps:
                type: sim-gps
                rate_hz: 10
                params: {outage_per_hour: 600, multipath_per_min: 30}
              range:
                type: sim-range
                rate_hz: 20
            stages:
              f:
                type: fusion
                deadline_us: 1000
                inputs: [imu, wheels, gps, range]
            """;

    @Test
    void outputsAreBitIdenticalToThoseBeforeThePublicApi() throws Exception {
        var b = TestWorlds.build(PROFILE, 123_456_789L);
        Map<String, long[]> h = new TreeMap<>();
        new VirtualRun(b.sources()).runFor(120_000_000_000L, (i, s, m, t) -> {
            long[] acc = h.computeIfAbsent(s.name(), k -> new long[2]);
            for (double v : TestWorlds.payload(m)) {
                acc[0] = acc[0] * 31 + Double.doubleToLongBits(v);
            }
            acc[1]++;
        });
        List<String> got = h.entrySet().stream()
                .map(e -> String.format("%s n=%d h=%016x", e.getKey(), e.getValue()[1], e.getValue()[0])).toList();
        assertEquals(List.of("gps n=1200 h=f0e6199783d6df78", "imu n=120000 h=f3a9bb8a773d9c21",
                "range n=2400 h=444c6d239a3dec26", "wheels n=24000 h=610fbd5400000000"), got);
        assertEquals(60, b.factory().faultLog().size());
        assertEquals(-1812850792, b.factory().faultLog().entries().hashCode(), "fault log (records of times, names, details)");
    }
}
