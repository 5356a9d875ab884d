package io.afferent.fusion;

import io.afferent.api.Clock;
import io.afferent.api.msg.GpsFix;
import io.afferent.api.msg.Imu;
import io.afferent.api.msg.Pose;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FusionProcessorTest {
    private static final long S = 1_000_000_000L;

    @Test
    void warmUpRunsADetachedCopyAndLeavesTheRunsProcessorUntouched() {
        ManualClock clock = new ManualClock(0);
        TestOutput<Pose> out = new TestOutput<>("pose", Pose.TYPE);
        java.util.Map<String, LocalCounter> runCounters = new java.util.LinkedHashMap<>();
        FusionProcessor f = FusionProcessor.create(DriveScenario.params().build(), clock, out,
                name -> runCounters.computeIfAbsent(name, n -> new LocalCounter()));
        java.util.Map<String, Long> before = f.counters();
        f.warmUp();
        assertEquals(before, f.counters(), "no counter moved");
        assertTrue(runCounters.values().stream().allMatch(c -> c.get() == 0), runCounters.toString());
        assertEquals(0, out.claimed(), "nothing claimed from the run's output topic");
        assertEquals(0, out.published(), "nothing published on the run's output topic");
        assertEquals(0, f.flags() & FusionFlags.POSITION_ABSOLUTE);
        // The processor then fuses a drive exactly as one that was never warmed up.
        DriveScenario w = new DriveScenario(2);
        w.durationNanos = 20 * S;
        List<Sample> samples = w.record();
        for (Sample s : samples) {
            feed(f, clock, s);
        }
        ManualClock clock2 = new ManualClock(0);
        FusionProcessor fresh = FusionProcessor.create(DriveScenario.params().build(), clock2);
        for (Sample s : samples) {
            feed(fresh, clock2, s);
        }
        assertEquals(fresh.latest().xM, f.latest().xM, 0.0);
        assertEquals(fresh.latest().yM, f.latest().yM, 0.0);
        assertEquals(fresh.latest().headingRad, f.latest().headingRad, 0.0);
        assertEquals(fresh.counters(), f.counters());
    }

    @Test
    void theWarmUpDriveExercisesEveryUpdate() {
        java.util.Map<String, Long> c = FusionProcessor.create(DriveScenario.params().build(), new ManualClock(0))
                .warmedUpCopy().counters();
        System.out.println("warm-up drive: " + c);
        assertTrue(c.get("imu_fused") >= WarmUpDrive.WARMUP_MS && c.get("imu_failures") == 0, c.toString());
        assertTrue(c.get("wheels_fused") >= WarmUpDrive.WARMUP_MS / 5 - 1, c.toString());
        assertTrue(c.get("gps_fused") == WarmUpDrive.WARMUP_MS / 100 && c.get("gps_rejected") == 0, c.toString());
        assertTrue(c.get("course_fused") >= 8, c.toString());
        assertTrue(c.get("zero_rate_fused") > 0, c.toString());
        assertTrue(c.get("late_fused") == WarmUpDrive.WARMUP_MS / 200, c.toString());
    }

    @Test
    void allocatesNothingPerUpdateInSteadyState() {
        DriveScenario w = new DriveScenario(7); // stops in its first minute: zero-rate updates too
        w.durationNanos = 60 * S;
        w.gpsLatencyNanos = 80_000_000L;
        w.gpsVelocitySigmaMps = 0.05; // the course over ground too
        List<Sample> samples = w.record();
        ManualClock clock = new ManualClock(0);
        FusionProcessor f = FusionProcessor.create(DriveScenario.params().gpsDelayNanos(80_000_000L).build(), clock);
        int warmup = samples.size() / 3;
        for (int i = 0; i < warmup; i++) {
            feed(f, clock, samples.get(i));
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = warmup; i < samples.size(); i++) {
            feed(f, clock, samples.get(i));
        }
        long bytes = threads.getCurrentThreadAllocatedBytes() - before;
        int updates = samples.size() - warmup;
        System.out.printf("allocated %d bytes over %d updates (%d late GPS fixes re-propagated)%n", bytes, updates, f.lateFused());
        assertTrue(f.lateFused() > 100);
        assertTrue(f.courseFused() > 100 && f.zeroRateFused() > 0, f.counters().toString());
        assertTrue(f.published() > updates / 2);
        assertTrue((double) bytes / updates < 1.0, bytes + " bytes over " + updates + " updates");
    }

    @Test
    void imuQuantitiesInSeparateFramesAreCombinedNotTreatedAsErrors() {
        // A WitMotion IMU sends acceleration (0x51), rate (0x52) and field (0x54) as separate frames.
        ManualClock clock = new ManualClock(0);
        FusionProcessor f = FusionProcessor.create(DriveScenario.params().build(), clock);
        Sample s = new Sample();
        int outputs = 0;
        for (int i = 1; i <= 2000; i++) {
            long t = i * 10_000_000L;
            clock.advanceTo(t);
            s.reset(SampleKind.IMU);
            s.acquiredNanos = t;
            s.imu.validMask = Imu.ACCEL;
            s.imu.accelZ = 9.81;
            assertEquals(false, s.feed(f), "an acceleration frame alone produces no output");
            s.reset(SampleKind.IMU);
            s.acquiredNanos = t + 100_000;
            s.imu.validMask = Imu.GYRO;
            s.imu.gyroZ = 0.1 + 1e-4 * (i % 7);
            outputs += s.feed(f) ? 1 : 0;
            s.reset(SampleKind.IMU);
            s.acquiredNanos = t + 200_000;
            s.imu.validMask = Imu.MAG | Imu.ANGLE;
            s.imu.magX = 20;
            s.imu.magZ = -45;
            s.feed(f);
        }
        assertEquals(0, f.imuFailures(), FusionFlags.describe(f.flags()));
        assertEquals(0, (f.flags() >> FusionFlags.IMU) & FusionFlags.FAILED, FusionFlags.describe(f.flags()));
        assertTrue(outputs > 1900, "gyro frames are fused: " + outputs);
        assertTrue(f.imuFused() > 1900);
    }

    @Test
    void anEmergencyStopIsFlaggedAndPublishedAtOnceAndReleased() {
        ManualClock clock = new ManualClock(0);
        FusionProcessor f = FusionProcessor.create(DriveScenario.params().build(), clock);
        Sample estop = new Sample().reset(SampleKind.DIGITAL);
        estop.digital.emergencyStop = true;
        estop.digital.high = false;
        clock.advanceTo(S);
        estop.acquiredNanos = S;
        assertEquals(false, estop.feed(f), "no change of state: nothing to publish");
        long published = f.published();
        estop.digital.high = true;
        assertEquals(true, estop.feed(f), "stop requested: published at once");
        assertEquals(published + 1, f.published());
        assertTrue((f.latest().flags & FusionFlags.EMERGENCY_STOP) != 0);
        StringBuilder status = new StringBuilder();
        f.appendStatus(status);
        assertTrue(status.toString().contains("E-STOP"), status.toString());
        assertEquals(false, estop.feed(f), "still active: no new output");
        estop.digital.high = false;
        assertEquals(true, estop.feed(f), "released");
        assertEquals(0, f.latest().flags & FusionFlags.EMERGENCY_STOP);
        assertEquals(1L, f.counters().get("estop_activations"));
        Sample bumper = new Sample().reset(SampleKind.DIGITAL);
        bumper.digital.high = true;
        assertEquals(false, bumper.feed(f), "a plain digital input is not an emergency stop");
        assertEquals(0, f.latest().flags & FusionFlags.EMERGENCY_STOP);
    }

    private static void feed(FusionProcessor f, ManualClock clock, Sample s) {
        clock.advanceTo(s.acquiredNanos);
        s.feed(f);
    }

    @Test
    void reorderWindowFusesShuffledSamplesInTimeOrder() {
        DriveScenario w = new DriveScenario(7);
        w.durationNanos = 30 * S;
        List<Sample> inOrder = w.record();
        List<Sample> shuffled = Sample.lateBehindImu(inOrder, 4_000_000L);
        FusionProcessor a = run(inOrder, DriveScenario.params().build());
        FusionProcessor b = run(shuffled, DriveScenario.params().reorderWindowNanos(5_000_000L).build());
        FusionProcessor c = run(shuffled, DriveScenario.params().build()); // no window: every late one rewinds
        assertEquals(0, b.lateFused(), "the window put everything in order");
        assertTrue(c.lateFused() > 1000);
        for (FusionProcessor p : new FusionProcessor[] {b, c}) {
            assertEquals(a.latest().xM, p.latest().xM, 1e-6);
            assertEquals(a.latest().yM, p.latest().yM, 1e-6);
            assertEquals(a.latest().headingRad, p.latest().headingRad, 1e-9);
        }
    }

    private static FusionProcessor run(List<Sample> samples, FusionParams params) {
        ManualClock clock = new ManualClock(0);
        FusionProcessor f = FusionProcessor.create(params, clock);
        for (Sample s : samples) feed(f, clock, s);
        f.flush();
        return f;
    }

    @Test
    void returnsTrueOnlyWhenTheSampleItselfWasFused() {
        ManualClock clock = new ManualClock(0);
        FusionProcessor f = FusionProcessor.create(DriveScenario.params().reorderWindowNanos(10_000_000L).build(), clock);
        Sample s = new Sample().reset(SampleKind.IMU);
        s.imu.validMask = Imu.GYRO | Imu.ACCEL;
        s.imu.accelZ = 9.81;
        s.acquiredNanos = S;
        assertFalse(s.feed(f), "held in the window");
        s.sequence = 1;
        s.acquiredNanos = S + 20_000_000L;
        assertFalse(s.feed(f), "the first one is released, this one is held");
        Sample range = new Sample().reset(SampleKind.RANGE);
        assertFalse(range.feed(f));
        FusionProcessor direct = FusionProcessor.create(DriveScenario.params().build(), clock);
        s.sequence = 0;
        s.acquiredNanos = S;
        assertTrue(s.feed(direct));
    }

    @Test
    void gpsLossMeansDeadReckoningAndTheSourceIsTakenBackWhenItRecovers() {
        DriveScenario w = new DriveScenario(3);
        w.durationNanos = 60 * S;
        w.outageStartNanos = w.nanosAt(20);
        w.outageEndNanos = w.nanosAt(40);
        ManualClock clock = new ManualClock(0);
        FusionProcessor f = FusionProcessor.create(DriveScenario.params().build(), clock);
        int[] flagsAt = new int[3];
        w.run(s -> feed(f, clock, s), t -> {
            if (t == w.nanosAt(15)) flagsAt[0] = f.latest().flags;
            if (t == w.nanosAt(30)) flagsAt[1] = f.latest().flags;
            if (t == w.nanosAt(50)) flagsAt[2] = f.latest().flags;
        });
        assertTrue(FusionFlags.used(flagsAt[0], FusionFlags.GPS));
        assertEquals(0, flagsAt[0] & FusionFlags.DEAD_RECKONING);
        assertFalse(FusionFlags.used(flagsAt[1], FusionFlags.GPS));
        assertNotEquals(0, FusionFlags.source(flagsAt[1], FusionFlags.GPS) & FusionFlags.TIMEOUT);
        assertNotEquals(0, flagsAt[1] & FusionFlags.DEAD_RECKONING);
        assertTrue(FusionFlags.used(flagsAt[1], FusionFlags.IMU) && FusionFlags.used(flagsAt[1], FusionFlags.WHEELS));
        assertTrue(FusionFlags.used(flagsAt[2], FusionFlags.GPS));
        assertEquals(0, flagsAt[2] & FusionFlags.DEAD_RECKONING);
        assertEquals(1, f.gpsFailures());
        assertTrue(FusionFlags.describe(flagsAt[1]).contains("gps:TIMEOUT"), FusionFlags.describe(flagsAt[1]));
    }

    @Test
    void stuckAndInvalidGpsAreNotUsedUntilGoodAgain() {
        ManualClock clock = new ManualClock(0);
        FusionProcessor f = FusionProcessor.create(DriveScenario.params().build(), clock);
        Sample s = new Sample().reset(SampleKind.GPS);
        GpsFix g = s.gps;
        g.validMask = GpsFix.POSITION | GpsFix.QUALITY;
        g.fixQuality = 1;
        g.latitudeDeg = DriveScenario.ORIGIN_LAT;
        g.longitudeDeg = DriveScenario.ORIGIN_LON;
        long t = S;
        for (int i = 0; i < 12; i++) { // the same position bit for bit: stuck after 10 repeats
            s.acquiredNanos = t += 200_000_000L;
            s.feed(f);
        }
        assertEquals(FusionFlags.STUCK, FusionFlags.source(f.flags(), FusionFlags.GPS) & FusionFlags.STUCK);
        long fusedWhileStuck = f.gpsFused();
        s.acquiredNanos = t += 200_000_000L;
        g.latitudeDeg += 1e-7;
        assertTrue(s.feed(f), "a changing reading is used again");
        assertEquals(fusedWhileStuck + 1, f.gpsFused());
        // invalid fixes: error density reaches the limit (10), then needs as many good ones to come back
        g.fixQuality = GpsFix.QUALITY_INVALID;
        for (int i = 0; i < 10; i++) {
            s.acquiredNanos = t += 200_000_000L;
            assertFalse(s.feed(f));
        }
        assertEquals(FusionFlags.ERRORS, FusionFlags.source(f.flags(), FusionFlags.GPS) & FusionFlags.ERRORS);
        g.fixQuality = 1;
        int good = 0;
        boolean used = false;
        while (!used && good < 100) {
            s.acquiredNanos = t += 200_000_000L;
            g.latitudeDeg += 1e-7;
            used = s.feed(f);
            good++;
        }
        assertEquals(10, good, "taken back once the error density is down to zero");
    }

    /** A clock that moves 150 µs every time it is read: every call is over a 200 µs budget. */
    private static Clock slowClock() {
        AtomicLong now = new AtomicLong();
        return () -> now.addAndGet(150_000);
    }

    private static FusionProcessor overrun(OverrunPolicy policy, List<Sample> samples) {
        FusionProcessor f = FusionProcessor.create(DriveScenario.params().overrun(policy).build(), slowClock());
        for (Sample s : samples) s.feed(f);
        return f;
    }

    @Test
    void overrunPoliciesSkipDegradeOrOnlyAlarm() {
        DriveScenario w = new DriveScenario(9);
        w.durationNanos = 10 * S;
        List<Sample> samples = w.record();
        long imuSamples = samples.stream().filter(s -> s.kind == SampleKind.IMU).count();
        FusionProcessor alarm = overrun(OverrunPolicy.ALARM, samples);
        FusionProcessor degrade = overrun(OverrunPolicy.DEGRADE, samples);
        FusionProcessor skip = overrun(OverrunPolicy.SKIP, samples);
        assertEquals(0, alarm.imuSkipped());
        assertEquals(imuSamples, alarm.imuFused());
        assertNotEquals(0, alarm.latest().flags & FusionFlags.OVERRUN);
        assertTrue(alarm.tracer().misses() > 0);
        // degrade: one IMU update in 4, the others folded in
        assertEquals(imuSamples / 4.0, degrade.imuFused(), imuSamples * 0.02);
        assertTrue(degrade.wheelsFused() == alarm.wheelsFused());
        // skip: no IMU fusion while over budget (only the first sample, before the first miss)
        assertTrue(skip.imuFused() <= 1);
        assertTrue(skip.wheelsFused() == alarm.wheelsFused());
        assertTrue(skip.gpsFused() > 0);
    }

    @Test
    void stepTracerBreaksDownAMissAndWarnsAtMostOnceASecond() {
        AtomicLong now = new AtomicLong();
        StepTracer t = new StepTracer(now::get, 100_000, "reorder", "predict", "replay");
        t.begin();
        now.addAndGet(5_000);
        t.mark(0);
        now.addAndGet(20_000);
        t.mark(1);
        t.end();
        assertEquals(0, t.misses());
        assertNull(t.warningIfDue(0));
        t.begin();
        now.addAndGet(2_000);
        t.mark(1);
        now.addAndGet(300_000);
        t.mark(2);
        now.addAndGet(1_000);
        assertEquals(303_000, t.end());
        long[] steps = new long[3];
        assertEquals(303_000, t.lastMiss(steps));
        assertEquals(300_000, steps[2]);
        assertEquals(2_000, steps[1]);
        String warning = t.warningIfDue(S);
        assertEquals("1 deadline miss (worst 303 µs, budget 100 µs); last 303 µs: replay 300, predict 2.0", warning);
        t.begin();
        now.addAndGet(200_000);
        t.mark(2);
        t.end();
        assertNull(t.warningIfDue(S + 500_000_000L), "rate-limited");
        assertTrue(t.warningIfDue(2 * S).startsWith("1 deadline miss"));
        assertNull(t.warningIfDue(4 * S), "no new miss");
        assertEquals(22_000, t.totalNanos(1));
    }
}
