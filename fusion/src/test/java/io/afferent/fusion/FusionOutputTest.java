package io.afferent.fusion;

import io.afferent.api.ConfigError;
import io.afferent.api.Params;
import io.afferent.api.Robot;
import io.afferent.api.msg.GpsFix;
import io.afferent.api.msg.Imu;
import io.afferent.api.msg.Wheels;
import io.afferent.fusion.score.FusionScore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FusionOutputTest {
    private static final Robot ROBOT = new Robot(0.05, 0.30, 1440);

    @Test
    void readsParamsAndRejectsBadOnesWithTheirLocation() throws ConfigError {
        Params p = TestProfiles.params("""
                      gps_delay: 80ms
                      reorder_window: 5ms
                      origin: {lat_deg: 52.2, lon_deg: 0.12}
                      overrun: degrade
                      csv_file: /tmp/fused.csv
                """);
        FusionParams f = FusionParams.fromParams(p, ROBOT, 150_000);
        p.rejectUnknownKeys();
        assertEquals(80_000_000L, f.gpsDelayNanos());
        assertEquals(5_000_000L, f.reorderWindowNanos());
        assertEquals(150_000L, f.budgetNanos());
        assertEquals(OverrunPolicy.DEGRADE, f.overrun());
        assertEquals("/tmp/fused.csv", f.csvFile());
        assertTrue(f.originConfigured);
        assertEquals(52.2, f.originLatDeg);
        assertEquals(0.12, f.originLonDeg);

        Params bad = TestProfiles.params("""
                      overrun: panic
                """);
        ConfigError e = assertThrows(ConfigError.class, () -> FusionParams.fromParams(bad, ROBOT, 100_000));
        assertEquals("test.yaml:10:16: stages.fusion.params.overrun: 'panic' is not allowed (allowed: skip, degrade, alarm)",
                e.getMessage());

        Params typo = TestProfiles.params("""
                      gps_sigma: 3
                """);
        FusionParams.fromParams(typo, ROBOT, 100_000);
        ConfigError unknown = assertThrows(ConfigError.class, typo::rejectUnknownKeys);
        assertTrue(unknown.getMessage().startsWith("test.yaml:10:7: stages.fusion.params.gps_sigma: unknown key"),
                unknown.getMessage());
        assertTrue(unknown.getMessage().contains("gps_sigma_m"), unknown.getMessage());
    }

    @Test
    void originNeedsBothCoordinatesAndNothingElse() {
        ConfigError missing = assertThrows(ConfigError.class, () -> FusionParams.fromParams(TestProfiles.params("""
                      origin: {lat_deg: 52.2}
                """), ROBOT, 100_000));
        assertEquals("test.yaml:10:15: stages.fusion.params.origin.lon_deg: is required but missing", missing.getMessage());
        ConfigError range = assertThrows(ConfigError.class, () -> FusionParams.fromParams(TestProfiles.params("""
                      origin: {lat_deg: 95, lon_deg: 0}
                """), ROBOT, 100_000));
        assertEquals("test.yaml:10:25: stages.fusion.params.origin.lat_deg: 95 is out of range (allowed: -89 to 89)",
                range.getMessage());
        ConfigError extra = assertThrows(ConfigError.class, () -> FusionParams.fromParams(TestProfiles.params("""
                      origin: {lat_deg: 52.2, lon_deg: 0.1, alt_m: 3}
                """), ROBOT, 100_000));
        assertTrue(extra.getMessage().startsWith("test.yaml:10:45: stages.fusion.params.origin.alt_m: unknown key"),
                extra.getMessage());
    }

    @Test
    void theOutputRingSizeAndTheHeartbeatAreKeysOfTheStageNow() {
        ConfigError ring = assertThrows(ConfigError.class, () -> FusionParams.fromParams(TestProfiles.params("""
                      output_ring_size: 1024
                """), ROBOT, 100_000));
        assertEquals("test.yaml:10:25: stages.fusion.params.output_ring_size: is a key of the stage now, not of its "
                + "params: move it up to stages.fusion.output_ring_size", ring.getMessage());
        ConfigError beat = assertThrows(ConfigError.class, () -> FusionParams.fromParams(TestProfiles.params("""
                      heartbeat: {pin: 21}
                """), ROBOT, 100_000));
        assertEquals("test.yaml:10:18: stages.fusion.params.heartbeat: is a key of the stage now, not of its "
                + "params: move it up to stages.fusion.heartbeat", beat.getMessage());
    }

    @Test
    void readsTheHeadingModelParams() throws ConfigError {
        Params p = TestProfiles.params("""
                      gyro_scale_sigma: 0.02
                      wheel_radius_sigma: 0.01
                      use_gps_course: false
                      gps_velocity_sigma_mps: 0.05
                      gps_course_min_speed_mps: 0.5
                      zero_rate_updates: false
                      standstill_after: 500ms
                      zero_rate_sigma_deg_s: 0.1
                """);
        FusionParams f = FusionParams.fromParams(p, ROBOT, 150_000);
        p.rejectUnknownKeys();
        assertEquals(0.02, f.gyroScaleSigma);
        assertEquals(0.01, f.wheelRadiusSigma);
        assertEquals(false, f.useGpsCourse);
        assertEquals(0.05, f.gpsVelocitySigmaMps);
        assertEquals(0.5, f.gpsCourseMinSpeedMps);
        assertEquals(false, f.zeroRateUpdates);
        assertEquals(500_000_000L, f.standstillAfterNanos);
        assertEquals(Math.pow(Math.toRadians(0.1), 2), f.zeroRateVariance, 1e-15);

        Params bad = TestProfiles.params("""
                      gyro_scale_sigma: 3
                """);
        ConfigError e = assertThrows(ConfigError.class, () -> FusionParams.fromParams(bad, ROBOT, 100_000));
        assertEquals("test.yaml:10:25: stages.fusion.params.gyro_scale_sigma: 3 is out of range (allowed: 0 to 0.5)",
                e.getMessage());
    }

    @Test
    void everyParamHasItsDefaultAndItsRange() throws ConfigError {
        FusionParams d = FusionParams.fromParams(TestProfiles.none(), ROBOT, 200_000);
        assertEquals(0, d.reorderWindowNanos());
        assertEquals(OverrunPolicy.ALARM, d.overrun());
        assertEquals(null, d.csvFile());
        assertEquals(10, d.csvEvery());
        assertEquals(false, d.originConfigured);
        for (String[] bad : new String[][] {
                {"reorder_window: 2s", "2s is out of range (allowed: 0s to 1s)"},
                {"history_size: 8", "8 is out of range (allowed: 16 to 1048576)"},
                {"gps_delay: 3s", "3s is out of range (allowed: 0s to 2s)"},
                {"gps_sigma_m: 0", "0 is out of range (allowed: 0.01 to 1000)"},
                {"imu_timeout: 0s", "0s is out of range (allowed: 1ms to 1m)"},
                {"degrade_every: 1", "1 is out of range (allowed: 2 to 1000)"},
                {"csv_every: 0", "0 is out of range (allowed: 1 to 1000000)"},
                {"use_mag: maybe", "expected true or false, found"},
                {"initial_heading_deg: 400", "400 is out of range (allowed: -360 to 360)"}}) {
            ConfigError e = assertThrows(ConfigError.class,
                    () -> FusionParams.fromParams(TestProfiles.params("      " + bad[0] + "\n"), ROBOT, 200_000), bad[0]);
            String key = bad[0].substring(0, bad[0].indexOf(':'));
            assertTrue(e.getMessage().startsWith("test.yaml:10:") && e.getMessage().contains(
                    "stages.fusion.params." + key + ": " + bad[1]), e.getMessage());
        }
    }

    @Test
    void theRobotAndDeadlineComeFromTheSetup() throws ConfigError {
        FusionParams f = FusionParams.fromParams(TestProfiles.none(), new Robot(0.1, 0.5, 2048), 333_000);
        assertEquals(0.1, f.wheelRadiusM);
        assertEquals(0.5, f.wheelBaseM);
        assertEquals(2048, f.encoderTicksPerRev);
        assertEquals(333_000, f.budgetNanos());
    }

    @Test
    void csvSinkWritesOneRowInEveryAndFlushesByPoseTime(@TempDir Path dir) throws Exception {
        TestSetup setup = new TestSetup("fusion", TestProfiles.params("""
                      csv_file: fused.csv
                      csv_every: 10
                      origin: {lat_deg: 52.2053, lon_deg: 0.1218}
                """), dir);
        setup.inputs.addAll(List.of("imu", "wheels", "gps"));
        FusionStage stage = FusionStage.create(setup);
        assertEquals(List.of("fusion-csv"), List.copyOf(setup.sinks.keySet()));
        assertEquals("pose", setup.sinkTopics.get("fusion-csv"));
        PoseCsvSink sink = (PoseCsvSink) setup.sinks.get("fusion-csv");
        Path file = dir.resolve("fused.csv");
        assertEquals(List.of(PoseCsvSink.HEADER), Files.readAllLines(file), "the header is written at set-up");

        DriveScenario w = new DriveScenario(4);
        w.durationNanos = 5_000_000_000L;
        long[] lines = {0};
        w.run(s -> {
            setup.deliver(s);
            try {
                if (s.kind == SampleKind.GPS && s.acquiredNanos == w.nanosAt(2)) {
                    lines[0] = Files.readAllLines(file).size();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, x -> { });
        long published = setup.output("pose").published();
        assertEquals(published, stage.processor().published());
        // flushed at least every 100 ms of pose time: by 2 s of drive, all but the last 100 ms are in the file
        assertTrue(lines[0] - 1 >= (2_000 - 100) / 10, lines[0] + " lines after 2 s");
        setup.close();
        List<String> rows = Files.readAllLines(file);
        assertEquals(PoseCsvSink.HEADER, rows.get(0));
        assertEquals(sink.written(), rows.size() - 1);
        assertEquals((published + 9) / 10, sink.written(), "one in ten of what was published");
        assertTrue(published > 5000);
        String last = rows.get(rows.size() - 1);
        assertEquals(PoseCsvSink.HEADER.split(",").length, last.split(",").length, last);
        assertTrue(last.endsWith("imu:ok wheels:ok gps:ok"), last);
        assertTrue(rows.get(1).startsWith("0.0,"), "time_s from the run's origin: " + rows.get(1));
    }

    @Test
    void anUnwritableCsvFileIsAConfigurationError(@TempDir Path dir) {
        TestSetup setup = new TestSetup("fusion", TestProfiles.params("""
                      csv_file: no/such/dir/fused.csv
                """), dir);
        ConfigError e = assertThrows(ConfigError.class, () -> FusionStage.create(setup));
        assertTrue(e.getMessage().startsWith("test.yaml:10:17: stages.fusion.params.csv_file: cannot write "), e.getMessage());
    }

    @Test
    void scoreReportsRmsMaxAndTheErrorAtTheEndOfAnOutage() {
        FusionScore s = new FusionScore();
        s.add(1, 0, 0, 0, 0, Math.toRadians(2), true);
        s.add(0, 3, 0, 0, 0, 0, false);
        s.add(0, 4, 0, 0, 0, 0, false);
        s.add(0, 1, 0, 0, 0, 0, true);
        assertEquals(Math.sqrt((1 + 9 + 16 + 1) / 4.0), s.positionRmsM(), 1e-12);
        assertEquals(4, s.positionMaxM(), 1e-12);
        assertEquals(1.0, s.headingRmsDeg(), 1e-9);
        assertEquals(4, s.gpsOutageErrorM(), 1e-12);
        assertEquals(List.of("position_rms_m", "position_max_m", "heading_rms_deg", "gps_outage_error_m"),
                List.copyOf(s.toSummary().keySet()));
    }
}
