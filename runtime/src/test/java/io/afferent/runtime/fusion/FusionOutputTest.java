package io.afferent.runtime.fusion;

import io.afferent.config.ConfigException;
import io.afferent.config.Profile;
import io.afferent.config.ProfileLoader;
import io.afferent.config.StageConfig;
import io.afferent.runtime.clock.ManualClock;
import io.afferent.runtime.testing.Profiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FusionOutputTest {
    private static final String PROFILE = """
            name: t
            sources:
              imu: {type: periodic, rate_hz: 100}
            stages:
              fusion:
                type: test
                inputs: [imu]
                deadline_us: 150
                params:
            """;

    private static StageConfig stage(String params) {
        Profile p = Profiles.load(PROFILE + params);
        return p.stages().get(0);
    }

    @Test
    void readsParamsAndRejectsBadOnesWithTheirLocation() throws ConfigException {
        StageConfig c = stage("""
                      gps_delay: 80ms
                      reorder_window: 5ms
                      origin: {lat_deg: 52.2, lon_deg: 0.12}
                      overrun: degrade
                      csv_file: /tmp/fused.csv
                """);
        FusionParams f = FusionParams.fromConfig(c.params(), io.afferent.config.RobotConfig.DEFAULT, c.deadlineUs());
        c.params().rejectUnknownKeys();
        assertEquals(80_000_000L, f.gpsDelayNanos());
        assertEquals(5_000_000L, f.reorderWindowNanos());
        assertEquals(150_000L, f.budgetNanos());
        assertEquals(OverrunPolicy.DEGRADE, f.overrun());
        assertEquals("/tmp/fused.csv", f.csvFile());

        StageConfig bad = stage("""
                      overrun: panic
                """);
        ConfigException e = assertThrows(ConfigException.class,
                () -> FusionParams.fromConfig(bad.params(), io.afferent.config.RobotConfig.DEFAULT, 100));
        assertTrue(e.getMessage().contains("test.yaml:10:16"), e.getMessage());
        assertTrue(e.getMessage().contains("skip"), e.getMessage());

        StageConfig typo = stage("""
                      gps_sigma: 3
                """);
        FusionParams.fromConfig(typo.params(), io.afferent.config.RobotConfig.DEFAULT, 100);
        ConfigException unknown = assertThrows(ConfigException.class, () -> typo.params().rejectUnknownKeys());
        assertTrue(unknown.getMessage().contains("gps_sigma_m"), unknown.getMessage());
    }

    @Test
    void readsTheHeadingModelParams() throws ConfigException {
        StageConfig c = stage("""
                      gyro_scale_sigma: 0.02
                      wheel_radius_sigma: 0.01
                      use_gps_course: false
                      gps_velocity_sigma_mps: 0.05
                      gps_course_min_speed_mps: 0.5
                      zero_rate_updates: false
                      standstill_after: 500ms
                      zero_rate_sigma_deg_s: 0.1
                """);
        FusionParams f = FusionParams.fromConfig(c.params(), io.afferent.config.RobotConfig.DEFAULT, c.deadlineUs());
        c.params().rejectUnknownKeys();
        assertEquals(0.02, f.gyroScaleSigma);
        assertEquals(0.01, f.wheelRadiusSigma);
        assertEquals(false, f.useGpsCourse);
        assertEquals(0.05, f.gpsVelocitySigmaMps);
        assertEquals(0.5, f.gpsCourseMinSpeedMps);
        assertEquals(false, f.zeroRateUpdates);
        assertEquals(500_000_000L, f.standstillAfterNanos);
        assertEquals(Math.pow(Math.toRadians(0.1), 2), f.zeroRateVariance, 1e-15);

        StageConfig bad = stage("""
                      gyro_scale_sigma: 3
                """);
        ConfigException e = assertThrows(ConfigException.class,
                () -> FusionParams.fromConfig(bad.params(), io.afferent.config.RobotConfig.DEFAULT, 100));
        assertTrue(e.getMessage().contains("test.yaml:10:"), e.getMessage());
        assertTrue(e.getMessage().contains("gyro_scale_sigma"), e.getMessage());
    }

    @Test
    void csvSinkWritesFromItsOwnThreadAndDrainsOnFinish(@TempDir Path dir) throws Exception {
        DriveScenario w = new DriveScenario(4);
        w.durationNanos = 5_000_000_000L;
        ManualClock clock = new ManualClock(0);
        FusionProcessor f = FusionProcessor.create(DriveScenario.params().outputRingSize(64).build(), clock);
        Path file = dir.resolve("fused.csv");
        FusedCsvSink sink = new FusedCsvSink(f.output(), file, 10, DriveScenario.START_NANOS);
        Thread t = new Thread(() -> {
            try {
                sink.run();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }, "sink-fusion-csv");
        t.start();
        w.run(s -> {
            clock.advanceTo(s.acquiredNanos);
            f.onSample(s);
        }, x -> { });
        sink.finish();
        t.join(10_000);
        long offered = f.output().published() + f.output().dropped();
        List<String> lines = Files.readAllLines(file);
        assertEquals(FusedCsvSink.HEADER, lines.get(0));
        assertEquals(sink.written(), lines.size() - 1);
        assertEquals((f.output().published() + 9) / 10, sink.written(), "one in ten of what was published");
        assertTrue(offered > 5000);
        String last = lines.get(lines.size() - 1);
        assertEquals(FusedCsvSink.HEADER.split(",").length, last.split(",").length, last);
        assertTrue(last.endsWith("imu:ok wheels:ok gps:ok"), last);
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
