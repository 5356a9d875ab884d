package io.afferent.sim;

import io.afferent.api.ConfigError;
import io.afferent.sim.sensor.GpsModel;
import io.afferent.sim.sensor.GpsSensor;
import io.afferent.sim.sensor.ImuModel;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The params of the simulated sources and the {@code sim:} section: defaults, ranges and the errors a user sees,
 * each at its place in the file.
 */
class SimParamsTest {
    private static final String SIM = "seed: 4\n";

    private static String error(String sim, String name, String type, double rateHz, String params) {
        return assertThrows(ConfigError.class, () -> TestWorlds.build(TestWorlds.profile(sim, name, type, rateHz, params), 0))
                .getMessage();
    }

    private static void assertError(String expectedStart, String expectedPart, String message) {
        assertTrue(message.startsWith(expectedStart), "'" + message + "' should start with '" + expectedStart + "'");
        assertTrue(message.contains(expectedPart), "'" + message + "' should contain '" + expectedPart + "'");
    }

    @Test
    void defaultsAreTheSensorModelsDefaults() throws Exception {
        var b = TestWorlds.build(TestWorlds.profile(SIM, "imu", "sim-imu", 100, ""), 0);
        ImuModel.Params got = ((ImuModel) b.source("imu").sensor()).params();
        ImuModel.Params d = ImuModel.Params.defaults();
        assertEquals(d.gyroNoiseRadS(), got.gyroNoiseRadS(), 1e-15);
        assertEquals(d.gyroBiasWalkRadSPerSqrtS(), got.gyroBiasWalkRadSPerSqrtS(), 1e-15);
        assertEquals(d.accelNoiseMps2(), got.accelNoiseMps2());
        assertEquals(d.magFieldDownUt(), got.magFieldDownUt());
        assertEquals(d.declinationRad(), got.declinationRad(), 1e-15);
        assertEquals(d.reportAngle(), got.reportAngle());
        assertEquals(d.temperatureC(), got.temperatureC());
        var g = TestWorlds.build(TestWorlds.profile(SIM, "gps", "sim-gps", 5, ""), 0);
        GpsModel.Params gp = ((GpsSensor) g.source("gps").sensor()).model().params();
        assertEquals(GpsModel.Params.defaults(), gp, "the default utc_start is the model's default too");
    }

    @Test
    void outOfRangeNoiseParametersNameTheKeyAndTheRange() {
        assertError("test.yaml:", "sources.imu.params.gyro_noise_deg_s: 200 is out of range (allowed: 0 to 100)",
                error(SIM, "imu", "sim-imu", 100, "gyro_noise_deg_s: 200"));
        assertError("test.yaml:", "sources.w.params.ticks_per_rev: 0 is out of range (allowed: 1 to 1048576)",
                error(SIM, "w", "sim-wheels", 100, "ticks_per_rev: 0"));
        assertError("test.yaml:", "sources.gps.params.satellites: 3 is out of range (allowed: 4 to 14)",
                error(SIM, "gps", "sim-gps", 5, "satellites: 3"));
        assertError("test.yaml:", "sources.gps.params.outage_max_s: 2 is out of range (allowed: 5 to 3600)",
                error(SIM, "gps", "sim-gps", 5, "outage_min_s: 5\noutage_max_s: 2"));
        assertError("test.yaml:", "sources.r.params.max_range_m: 0.5 is out of range (allowed: 1 to 100)",
                error(SIM, "r", "sim-range", 20, "min_range_m: 1\nmax_range_m: 0.5"));
        assertError("test.yaml:", "sources.imu.params.report_angle: expected true or false",
                error(SIM, "imu", "sim-imu", 100, "report_angle: maybe"));
    }

    @Test
    void anUnknownParamIsRejectedWithTheKeysAllowed() {
        String m = error(SIM, "imu", "sim-imu", 100, "gyro_nosie_deg_s: 0.1");
        assertError("test.yaml:8:7: sources.imu.params.gyro_nosie_deg_s: unknown key in sources.imu.params (allowed: gyro_noise_deg_s,",
                "faults)", m);
    }

    @Test
    void aSimulatedGpsRunsAtOneToTenHertz() {
        assertEquals("test.yaml:4:3: sources.gps: a simulated GPS runs at 1 to 10 Hz, not 20.0",
                error(SIM, "gps", "sim-gps", 20, ""));
    }

    @Test
    void serveErrorsSayWhatIsAllowed() {
        assertError("test.yaml:", "sources.w.params.serve: only sim-gps (nmea) and sim-imu (witmotion) can be served",
                error(SIM, "w", "sim-wheels", 100, "serve: {link: /tmp/x/w0}"));
        assertError("test.yaml:", "sources.gps.params.serve.protocol: 'witmotion' is not allowed (allowed: nmea)",
                error(SIM, "gps", "sim-gps", 5, "serve: {link: /tmp/x/g0, protocol: witmotion}"));
        assertError("test.yaml:", "sources.gps.params.serve.link: the link path is empty",
                error(SIM, "gps", "sim-gps", 5, "serve: {link: ' '}"));
        assertError("test.yaml:", "sources.gps.params.serve.link: is required but missing",
                error(SIM, "gps", "sim-gps", 5, "serve: {baud: 9600}"));
        assertError("test.yaml:", "sources.gps.params.serve.mag_ut_per_count: unknown key",
                error(SIM, "gps", "sim-gps", 5, "serve: {link: /tmp/x/g0, mag_ut_per_count: 2}"));
    }

    @Test
    void faultErrorsSayWhatIsAllowed() {
        assertError("test.yaml:", "expected a fault such as {type: dropout, at: 20s, duration: 2s}, found ",
                error(SIM, "imu", "sim-imu", 100, "faults: [dropout]"));
        assertError("test.yaml:", "sources.imu.params.faults: expected a list",
                error(SIM, "imu", "sim-imu", 100, "faults: {type: dropout}"));
        assertError("test.yaml:", "type: is required but missing (allowed: dropout, stuck, latency, corrupt, disconnect)",
                error(SIM, "imu", "sim-imu", 100, "faults: [{at: 1s}]"));
        assertError("test.yaml:", "'freeze' is not allowed (allowed: dropout, stuck, latency, corrupt, disconnect)",
                error(SIM, "imu", "sim-imu", 100, "faults: [{type: freeze, at: 1s}]"));
        assertError("test.yaml:", "not both", error(SIM, "imu", "sim-imu", 100, "faults: [{type: dropout, at: 1s, every: 5s}]"));
        assertError("test.yaml:", "delay: 20s is out of range (allowed: 1ms to 10s)",
                error(SIM, "imu", "sim-imu", 100, "faults: [{type: latency, at: 1s, delay: 20s}]"));
        assertError("test.yaml:", "rate: unknown key", error(SIM, "imu", "sim-imu", 100, "faults: [{type: dropout, at: 1s, rate: 0.5}]"));
        assertError("test.yaml:", "duration_max: 1s is out of range (allowed: 2s to",
                error(SIM, "imu", "sim-imu", 100, "faults: [{type: dropout, every: 10s, duration: 2s, duration_max: 1s}]"));
    }

    @Test
    void simSectionErrorsAreLocatedInTheSection() {
        assertError("test.yaml:", "sim.utc_start: expected an ISO-8601 UTC instant such as 2025-06-01T12:00:00Z",
                error("utc_start: yesterday\n", "imu", "sim-imu", 100, ""));
        assertError("test.yaml:", "sim.start: the start position is outside the field",
                error("field: {width_m: 10, length_m: 10}\nstart: {east_m: 8}\n", "imu", "sim-imu", 100, ""));
        assertError("test.yaml:", "sim.course.segments: a scripted course needs at least one segment",
                error("course: {type: script}\n", "imu", "sim-imu", 100, ""));
        assertError("test.yaml:", "a segment has exactly one of straight_m, arc_deg, turn_deg, wait",
                error("course: {type: script, segments: [{straight_m: 2, wait: 1s}]}\n", "imu", "sim-imu", 100, ""));
        assertError("test.yaml:", "radius_m: is required but missing",
                error("course: {type: script, segments: [{arc_deg: 90}]}\n", "imu", "sim-imu", 100, ""));
        assertError("test.yaml:", "expected a segment such as {straight_m: 5}",
                error("course: {type: script, segments: [straight]}\n", "imu", "sim-imu", 100, ""));
        assertError("test.yaml:", "sim.origin.lat_deg: 89 is out of range (allowed: -85 to 85)",
                error("origin: {lat_deg: 89}\n", "imu", "sim-imu", 100, ""));
        assertError("test.yaml:", "sim.robot.max_sped_mps: unknown key in sim.robot",
                error("robot: {max_sped_mps: 2}\n", "imu", "sim-imu", 100, ""));
    }
}
