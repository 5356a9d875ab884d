package io.afferent.fusion;

import io.afferent.api.ConfigError;
import io.afferent.api.Handler;
import io.afferent.api.MessageType;
import io.afferent.api.msg.Digital;
import io.afferent.api.msg.GpsFix;
import io.afferent.api.msg.Imu;
import io.afferent.api.msg.Pose;
import io.afferent.api.msg.Range;
import io.afferent.api.msg.Wheels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fusion stage through the public API only: its set-up, subscriptions, output topic and counters. */
class FusionStageTest {
    private static final long MS = 1_000_000L;
    @TempDir
    Path dir;

    private TestSetup setup(String params, String... inputs) {
        TestSetup s = new TestSetup("fusion", TestProfiles.params(params), dir);
        s.inputs.addAll(List.of(inputs));
        return s;
    }

    @Test
    void subscribesEveryInputForEachKindAndPublishesThePosePort() throws ConfigError {
        TestSetup s = setup("", "imu", "wheels", "gps", "estop", "sonar");
        FusionStage.create(s);
        assertEquals(List.of("imu", "wheels", "gps", "estop", "sonar"), List.copyOf(s.handlers.keySet()));
        for (Map<MessageType<?>, Handler<?>> byType : s.handlers.values()) {
            assertEquals(List.of(Imu.TYPE, Wheels.TYPE, GpsFix.TYPE, Digital.TYPE, Range.TYPE), List.copyOf(byType.keySet()));
        }
        assertEquals(List.of("pose"), List.copyOf(s.outputs.keySet()));
        assertEquals(Pose.TYPE, s.output("pose").type());
        assertEquals(List.of(), List.copyOf(s.sinks.keySet()), "no csv_file: no sink");
        assertEquals(List.of("imu_fused", "wheels_fused", "gps_fused", "gps_repeats", "gps_rejected", "gps_resets",
                "course_fused", "course_rejected", "heading_resets", "zero_rate_fused", "zero_rate_rejected", "late_fused",
                "too_late", "late_dropped", "replayed_events", "imu_skipped", "overrun_entries", "imu_failures",
                "wheels_failures", "gps_failures", "estop_activations", "estop_active_at_end", "outputs_published"),
                List.copyOf(s.counters.keySet()), "the names summary.json had, without outputs_dropped (the topic counts it)");
    }

    @Test
    void anUnknownParamIsRejectedWithItsLocation() {
        ConfigError e = assertThrows(ConfigError.class, () -> FusionStage.create(setup("""
                      reorder_windw: 5ms
                """, "imu")));
        assertTrue(e.getMessage().startsWith("test.yaml:10:7: stages.fusion.params.reorder_windw: unknown key in "
                + "stages.fusion.params (allowed: reorder_window, "), e.getMessage());
    }

    @Test
    void aPoseCarriesTheOriginAndChainOfTheOldestInputItFused() throws Exception {
        TestSetup s = setup("""
                      reorder_window: 5ms
                """, "imu", "wheels");
        FusionStage.create(s);
        TestOutput<Pose> pose = s.output("pose");
        pose.recordEnvelopes = true;
        Wheels w = new Wheels();
        Imu imu = new Imu();
        imu.validMask = Imu.GYRO | Imu.ACCEL;
        imu.accelZ = 9.81;
        s.deliver("wheels", Wheels.TYPE, w, 1 * MS, 7); // the first wheel sample only sets the baseline
        w.leftTicks = w.rightTicks = 3;
        s.deliver("wheels", Wheels.TYPE, w, 2 * MS, 7);
        s.deliver("imu", Imu.TYPE, imu, 3 * MS, 4);
        assertEquals(0, pose.published(), "all held in the window");
        s.deliver("imu", Imu.TYPE, imu, 10 * MS, 4); // releases what is 5 ms older than 10 ms: 1, 2 and 3 ms
        assertEquals(1, pose.published(), "one pose for the three released inputs");
        assertArrayEquals(new long[] {2 * MS, 7}, pose.envelopes.get(0), "caused by the oldest input fused (2 ms, wheels)");
        assertEquals(3 * MS, pose.last().timeNanos, "valid at the newest input it fused");
        s.deliver("imu", Imu.TYPE, imu, 20 * MS, 4);
        assertArrayEquals(new long[] {10 * MS, 4}, pose.envelopes.get(1));
    }

    @Test
    void withoutAWindowEachFusedInputPublishesItsOwnPoseAndAGpsFixKeepsItsAcquisitionTime() throws Exception {
        TestSetup s = setup("""
                      gps_delay: 80ms
                """, "imu", "gps");
        FusionStage stage = FusionStage.create(s);
        TestOutput<Pose> pose = s.output("pose");
        pose.recordEnvelopes = true;
        Imu imu = new Imu();
        imu.validMask = Imu.GYRO;
        s.deliver("imu", Imu.TYPE, imu, 900 * MS, 0);
        s.deliver("imu", Imu.TYPE, imu, 1_000 * MS, 0);
        GpsFix g = new GpsFix();
        g.validMask = GpsFix.POSITION | GpsFix.QUALITY;
        g.fixQuality = 1;
        g.latitudeDeg = 52;
        g.longitudeDeg = 0.1;
        s.deliver("gps", GpsFix.TYPE, g, 1_050 * MS, 2);
        assertEquals(3, pose.published());
        assertArrayEquals(new long[] {900 * MS, 0}, pose.envelopes.get(0));
        assertArrayEquals(new long[] {1_000 * MS, 0}, pose.envelopes.get(1));
        assertArrayEquals(new long[] {1_050 * MS, 2}, pose.envelopes.get(2), "the fix's acquisition, not its validity");
        assertEquals(1_000 * MS, pose.last().timeNanos, "valid at 970 ms: inserted before the last IMU sample");
        assertNotEquals(0, pose.last().flags & Pose.POSITION_ABSOLUTE);
        assertEquals(1L, s.counters.get("gps_fused").get());
        assertEquals(1L, s.counters.get("late_fused").get());
        assertEquals(1L, s.counters.get("replayed_events").get());
        assertEquals(3L, s.counters.get("outputs_published").get());
        assertEquals(3, stage.processor().published());
    }

    @Test
    void anEmergencyStopIsPublishedAtOnceWithItsOwnOriginAndARangeIsAcceptedButNotFused() throws Exception {
        TestSetup s = setup("", "imu", "estop", "sonar");
        FusionStage stage = FusionStage.create(s);
        TestOutput<Pose> pose = s.output("pose");
        pose.recordEnvelopes = true;
        Digital d = new Digital();
        d.emergencyStop = true;
        d.high = true;
        s.deliver("estop", Digital.TYPE, d, 5 * MS, 3);
        assertEquals(1, pose.published());
        assertArrayEquals(new long[] {5 * MS, 3}, pose.envelopes.get(0));
        assertNotEquals(0, pose.last().flags & Pose.EMERGENCY_STOP);
        assertEquals(1L, s.counters.get("estop_activations").get());
        assertEquals(1L, s.counters.get("estop_active_at_end").get());
        StringBuilder status = new StringBuilder();
        stage.appendStatus(status);
        assertTrue(status.toString().endsWith("E-STOP"), status.toString());
        Range r = new Range();
        r.distanceM = 1.5;
        s.deliver("sonar", Range.TYPE, r, 6 * MS, 5);
        assertEquals(1, pose.published(), "a range is accepted, not fused");
        d.high = false;
        s.deliver("estop", Digital.TYPE, d, 7 * MS, 3);
        assertEquals(2, pose.published());
        assertEquals(0, pose.last().flags & Pose.EMERGENCY_STOP);
        assertEquals(0L, s.counters.get("estop_active_at_end").get());
        Digital bumper = new Digital();
        bumper.high = true;
        s.deliver("estop", Digital.TYPE, bumper, 8 * MS, 3);
        assertEquals(2, pose.published(), "a plain digital input is not an emergency stop");
    }

    @Test
    void warmUpTouchesNeitherTheRunsOutputNorItsCounters() throws Exception {
        TestSetup s = setup("", "imu");
        FusionStage stage = FusionStage.create(s);
        stage.warmUp();
        assertEquals(0, s.output("pose").claimed());
        assertTrue(s.counters.values().stream().allMatch(c -> c.get() == 0), s.counters.toString());
        assertEquals(0, stage.processor().flags());
    }

    @Test
    void allocatesNothingPerMessageThroughItsHandlersInSteadyState() throws Exception {
        DriveScenario w = new DriveScenario(7); // stops in its first minute: zero-rate updates too
        w.durationNanos = 60_000 * MS;
        w.gpsLatencyNanos = 80 * MS;
        w.gpsVelocitySigmaMps = 0.05; // the course over ground too
        List<Sample> samples = w.record();
        TestSetup s = setup("""
                      gps_delay: 80ms
                      reorder_window: 2ms
                """, "imu", "wheels", "gps");
        FusionStage stage = FusionStage.create(s);
        int warmup = samples.size() / 3;
        for (int i = 0; i < warmup; i++) {
            s.deliver(samples.get(i));
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = warmup; i < samples.size(); i++) {
            s.deliver(samples.get(i));
        }
        long bytes = threads.getCurrentThreadAllocatedBytes() - before;
        int messages = samples.size() - warmup;
        System.out.printf("through the stage's handlers: allocated %d bytes over %d messages (%d late GPS fixes re-propagated)%n",
                bytes, messages, stage.processor().lateFused());
        assertTrue(stage.processor().lateFused() > 100);
        assertTrue(s.output("pose").published() > messages / 2);
        assertTrue((double) bytes / messages < 1.0, bytes + " bytes over " + messages + " messages");
    }

}
