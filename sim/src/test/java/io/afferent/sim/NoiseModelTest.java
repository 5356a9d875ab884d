package io.afferent.sim;

import io.afferent.api.msg.GpsFix;
import io.afferent.api.msg.Imu;
import io.afferent.api.msg.Range;
import io.afferent.api.msg.Wheels;
import io.afferent.api.truth.TruthState;
import io.afferent.sim.run.VirtualRun;
import io.afferent.sim.sensor.SimSource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Statistics of the noise models over many samples, with fixed seeds. */
class NoiseModelTest {
    private static final String STILL = "seed: 11\ncourse: {type: script, segments: [{wait: 1h}], repeat: false}\n";

    /** Mean and standard deviation accumulator. */
    static final class Stats {
        long n;
        double sum, sumSq;

        void add(double v) {
            n++;
            sum += v;
            sumSq += v * v;
        }

        double mean() { return sum / n; }

        double std() { return Math.sqrt(sumSq / n - mean() * mean()); }
    }

    @Test
    void imuWhiteNoiseHasTheConfiguredDeviationAroundTruth() throws Exception {
        var b = TestWorlds.build(TestWorlds.profile(STILL, "imu", "sim-imu", 1000,
                "gyro_noise_deg_s: 0.05\ngyro_bias_deg_s: 0\ngyro_bias_walk_deg_s_sqrt_s: 0\ngyro_scale_error: 0\n"
                        + "accel_noise_mps2: 0.04\naccel_scale_error: 0\naccel_bias_mps2: 0\naccel_bias_walk_mps2_sqrt_s: 0\n"
                        + "mag_noise_ut: 0.3\nmag_bias_ut: 0\ndeclination_deg: 0"), 0);
        Stats gz = new Stats(), az = new Stats(), mx = new Stats(), my = new Stats();
        new VirtualRun(b.sources()).runFor(40_000_000_000L, (i, s, m, t) -> {
            Imu imu = (Imu) m;
            gz.add(imu.gyroZ);
            az.add(imu.accelZ);
            mx.add(imu.magX);
            my.add(imu.magY);
        });
        assertEquals(40_000, gz.n);
        double sigmaG = Math.toRadians(0.05);
        assertEquals(0, gz.mean(), 4 * sigmaG / Math.sqrt(gz.n));
        assertEquals(sigmaG, gz.std(), 0.03 * sigmaG);
        assertEquals(9.80665, az.mean(), 4 * 0.04 / Math.sqrt(az.n));
        assertEquals(0.04, az.std(), 0.03 * 0.04);
        // Heading east (0): the horizontal field (north) lies along the body's left axis.
        assertEquals(0, mx.mean(), 0.02);
        assertEquals(19.5, my.mean(), 0.02);
        assertEquals(0.3, my.std(), 0.03 * 0.3);
    }

    @Test
    void gyroBiasRandomWalkGrowsWithTheSquareRootOfTime() throws Exception {
        // Many independent sensors (different names = different streams): the spread of the bias after T
        // seconds is sigma_rw * sqrt(T).
        StringBuilder sources = new StringBuilder();
        int sensors = 200;
        for (int i = 0; i < sensors; i++) {
            sources.append("  imu").append(i).append(":\n    type: sim-imu\n    rate_hz: 100\n    params: "
                    + "{gyro_noise_deg_s: 0, gyro_bias_deg_s: 0, gyro_scale_error: 0, gyro_bias_walk_deg_s_sqrt_s: 0.01}\n");
        }
        StringBuilder inputs = new StringBuilder();
        for (int i = 0; i < sensors; i++) {
            inputs.append(i == 0 ? "" : ", ").append("imu").append(i);
        }
        var b = TestWorlds.build("sim:\n  seed: 3\n  course: {type: script, segments: [{wait: 1h}], repeat: false}\n"
                + "sources:\n" + sources + "stages:\n  f:\n    type: fusion\n    deadline_us: 1000\n    inputs: [" + inputs + "]\n", 0);
        Stats atEnd = new Stats();
        long end = 100_000_000_000L;
        for (SimSource<?> src : b.sources()) {
            Imu s = (Imu) TestWorlds.produce(src, src.indexAt(end));
            atEnd.add(s.gyroZ);
        }
        double expected = Math.toRadians(0.01) * Math.sqrt(100);
        assertEquals(expected, Math.sqrt(atEnd.sumSq / atEnd.n), 0.15 * expected);
    }

    @Test
    void gpsHorizontalErrorMatchesWhiteNoiseTimesHdopAndBias() throws Exception {
        var b = TestWorlds.build(TestWorlds.profile(STILL, "gps", "sim-gps", 10,
                "sigma_m: 1.0\nbias_sigma_m: 0\nmultipath_per_min: 0\noutage_per_hour: 0"), 0);
        Stats east = new Stats(), hdop = new Stats();
        var geo = b.factory().world().geo();
        new VirtualRun(b.sources()).runFor(3_600_000_000_000L, (i, s, m, t) -> {
            GpsFix gps = (GpsFix) m;
            assertTrue(gps.has(GpsFix.POSITION));
            east.add(geo.eastM(gps.longitudeDeg) / gps.hdop);
            hdop.add(gps.hdop);
            assertTrue(gps.satellites >= 4 && gps.satellites <= 14);
        });
        assertEquals(36_000, east.n);
        assertEquals(0, east.mean(), 0.03);
        assertEquals(1.0, east.std(), 0.03);
        assertTrue(hdop.mean() > 0.6 && hdop.mean() < 1.5, "realistic HDOP: " + hdop.mean());
    }

    @Test
    void gpsBiasWandersWithTheConfiguredDeviation() throws Exception {
        var b = TestWorlds.build(TestWorlds.profile("seed: 5\ncourse: {type: script, segments: [{wait: 8h}], repeat: false}\n",
                "gps", "sim-gps", 1, "sigma_m: 0\nbias_sigma_m: 2.0\nbias_tau_s: 30\nmultipath_per_min: 0\noutage_per_hour: 0"), 0);
        Stats north = new Stats();
        var geo = b.factory().world().geo();
        double[] last = {0};
        Stats stepSq = new Stats();
        new VirtualRun(b.sources()).runFor(8 * 3_600_000_000_000L, (i, s, m, t) -> {
            double n = geo.northM(((GpsFix) m).latitudeDeg);
            north.add(n);
            stepSq.add((n - last[0]) * (n - last[0]));
            last[0] = n;
        });
        assertEquals(2.0, north.std(), 0.2);
        assertEquals(0, north.mean(), 0.4);
        // A 1 s step of a Gauss-Markov process with tau 30 s: variance 2 sigma^2 (1 - e^-1/30).
        assertEquals(Math.sqrt(2 * 4 * (1 - Math.exp(-1 / 30.0))), Math.sqrt(stepSq.mean()), 0.05);
    }

    @Test
    void gpsHasMultipathJumpsAndFixLossesWithReacquisition() throws Exception {
        var b = TestWorlds.build(TestWorlds.profile(STILL, "gps", "sim-gps", 5,
                "sigma_m: 0.3\nbias_sigma_m: 0\nmultipath_per_min: 2\nmultipath_m: 10\noutage_per_hour: 30"), 0);
        var geo = b.factory().world().geo();
        int[] jumps = {0}, lost = {0}, reacquired = {0};
        int[] satsAfter = {99};
        boolean[] wasLost = {false};
        new VirtualRun(b.sources()).runFor(3_600_000_000_000L, (i, s, m, t) -> {
            GpsFix g = (GpsFix) m;
            if (g.fixQuality == 0) {
                assertTrue(!g.has(GpsFix.POSITION) && g.satellites < 4);
                lost[0]++;
                wasLost[0] = true;
                return;
            }
            if (wasLost[0]) {
                reacquired[0]++;
                satsAfter[0] = Math.min(satsAfter[0], g.satellites);
                wasLost[0] = false;
            }
            if (Math.hypot(geo.eastM(g.longitudeDeg), geo.northM(g.latitudeDeg)) > 4) {
                jumps[0]++;
            }
        });
        assertTrue(jumps[0] > 100, "multipath epochs: " + jumps[0]);
        assertTrue(lost[0] > 100, "no-fix epochs: " + lost[0]);
        assertTrue(reacquired[0] >= 10, "reacquisitions: " + reacquired[0]);
        assertEquals(4, satsAfter[0], "satellites come back one by one after a loss");
    }

    @Test
    void wheelTicksQuantiseTrueTravelAndSlipOnlyAddsRotation() throws Exception {
        String course = "seed: 2\ncourse: {type: script, segments: [{straight_m: 10}], repeat: false}\n";
        var exact = TestWorlds.build(TestWorlds.profile(course, "w", "sim-wheels", 200,
                "radius_error: 0\nslip_per_mps2: 0"), 0);
        var slipping = TestWorlds.build(TestWorlds.profile(course, "w", "sim-wheels", 200,
                "radius_error: 0\nslip_per_mps2: 0.5"), 0);
        long end = 60_000_000_000L;
        Wheels a = (Wheels) TestWorlds.produce(exact.sources().get(0), 200 * 60);
        Wheels c = (Wheels) TestWorlds.produce(slipping.sources().get(0), 200 * 60);
        double ticksPerMetre = 1440 / (2 * Math.PI * 0.05);
        assertEquals((long) Math.floor(10 * ticksPerMetre), a.leftTicks, 1);
        assertEquals(a.leftTicks, a.rightTicks, 1);
        assertEquals(1440, a.ticksPerRevolution);
        assertTrue(c.leftTicks > a.leftTicks + 5, "slip while accelerating: " + c.leftTicks);
        assertTrue(end > 0);
    }

    @Test
    void rangeSeesTheWallAheadWithNoiseAndMissingEchoes() throws Exception {
        var b = TestWorlds.build(TestWorlds.profile("seed: 9\nfield: {width_m: 6, length_m: 6}\n"
                + "course: {type: script, segments: [{wait: 1h}], repeat: false}\n", "sonar", "sim-range", 20, ""), 0);
        Stats d = new Stats();
        int[] missing = {0};
        new VirtualRun(b.sources()).runFor(1_000_000_000_000L, (i, s, m, t) -> {
            Range r = (Range) m;
            if (r.noEcho) {
                missing[0]++;
            } else {
                d.add(r.distanceM);
            }
        });
        double truth = 3 - 0.15;
        assertEquals(truth, d.mean(), 0.001);
        assertEquals(0.005 + 0.005 * truth, d.std(), 0.002);
        assertEquals(0.02, missing[0] / 20_000.0, 0.005);
        var far = TestWorlds.build(TestWorlds.profile("seed: 9\nfield: {width_m: 20, length_m: 6}\n"
                + "course: {type: script, segments: [{wait: 1h}], repeat: false}\n", "sonar", "sim-range", 20, ""), 0);
        new VirtualRun(far.sources()).runFor(10_000_000_000L, (i, s, m, t) -> assertTrue(((Range) m).noEcho));
        assertTrue(List.of(new TruthState()).size() == 1);
    }
}
