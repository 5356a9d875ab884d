package io.afferent.fusion;

import io.afferent.api.msg.GpsFix;
import io.afferent.api.msg.Imu;
import io.afferent.api.msg.Pose;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What keeps the heading right: the gyro scale and wheel mismatch states, the GPS course over ground and
 * the zero-rate updates at a standstill ({@link PoseEkf}, {@link FusionProcessor}).
 */
class HeadingAidsTest {
    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;

    /** The test world with a 1 % gyro scale error, a 0.4 % wheel mismatch and GPS velocity. */
    private static DriveScenario miscalibrated(long seed) {
        DriveScenario w = new DriveScenario(seed);
        w.gyroScaleError = 0.01;
        w.wheelMismatch = 0.004;
        w.gpsVelocitySigmaMps = 0.05;
        return w;
    }

    @Test
    void learnsTheGyroScaleAndTheWheelMismatchAndHoldsTheHeading() {
        for (long seed : new long[] {1, 2}) {
            FusionRun aided = new FusionRun(miscalibrated(seed), DriveScenario.params().build()).run();
            FusionRun plain = new FusionRun(miscalibrated(seed), DriveScenario.params().gyroScaleSigma(0)
                    .wheelRadiusSigma(0).useGpsCourse(false).zeroRateUpdates(false).build()).run();
            Pose e = aided.fusion.latest();
            double wheelTurnTruth = 0.004 / DriveScenario.WHEEL_BASE;
            System.out.printf("1 %% gyro scale, 0.4 %% wheel mismatch, seed %d: with the aids %s, gyro scale %.4f, "
                            + "wheel turn %.4f rad/m (truth %.4f); without %s%n",
                    seed, aided.score, e.gyroScaleError, e.wheelTurnRadPerM, wheelTurnTruth, plain.score);
            // (the odometry's common 0.3 % scale error shows as gyro scale: the wheel base is taken as exact)
            assertEquals(0.01, e.gyroScaleError, 0.004);
            assertEquals(wheelTurnTruth, e.wheelTurnRadPerM, 0.25 * wheelTurnTruth);
            assertTrue(aided.score.headingRmsDeg() < 1.0, aided.score.toString());
            assertTrue(aided.score.headingRmsDeg() < 0.5 * plain.score.headingRmsDeg(),
                    aided.score + " vs " + plain.score);
            assertTrue(aided.fusion.courseFused() > 1000);
        }
    }

    @Test
    void aWrongInitialHeadingIsResetToTheCourse() {
        DriveScenario w = miscalibrated(3);
        w.durationNanos = 60 * S;
        FusionRun r = new FusionRun(w, DriveScenario.params().initialHeadingRad(Math.toRadians(120)).build()).run();
        double errDeg = Math.toDegrees(PoseEkf.wrap(r.fusion.latest().headingRad - w.th));
        assertTrue(r.fusion.headingResets() >= 1);
        assertTrue(Math.abs(errDeg) < 2, errDeg + "°");
    }

    @Test
    void aFixReportedInTwoSentencesIsFusedOnce() {
        // A receiver sending GGA and RMC gives the driver two samples with the same fix time and position.
        FusionRun once = new FusionRun(miscalibrated(5), DriveScenario.params().build());
        once.world.durationNanos = 30 * S;
        once.run();
        DriveScenario w = miscalibrated(5);
        w.durationNanos = 30 * S;
        ManualClock clock = new ManualClock(0);
        FusionProcessor twice = FusionProcessor.create(DriveScenario.params().build(), clock);
        long[] gpsSamples = {0};
        w.run(s -> {
            clock.advanceTo(s.acquiredNanos);
            s.feed(twice);
            if (s.kind == SampleKind.GPS) {
                gpsSamples[0]++;
                s.feed(twice);
            }
        }, t -> { });
        assertTrue(gpsSamples[0] > 100);
        assertEquals(once.fusion.counters().get("gps_fused"), twice.counters().get("gps_fused"));
        assertEquals(gpsSamples[0], twice.counters().get("gps_repeats"), "every second report of a fix is counted");
        assertEquals(0L, once.fusion.counters().get("gps_repeats"));
        Pose a = once.fusion.latest();
        Pose b = twice.latest();
        assertEquals(a.xM, b.xM, 1e-9);
        assertEquals(a.yM, b.yM, 1e-9);
        assertEquals(a.positionSigmaM, b.positionSigmaM, 1e-12, "the filter is no more confident than with one report");
    }

    @Test
    void aCourseSentTwiceForOneEpochIsFusedOnce() {
        FusionRun once = new FusionRun(miscalibrated(4), DriveScenario.params().build());
        DriveScenario w = miscalibrated(4);
        ManualClock clock = new ManualClock(0);
        FusionProcessor twice = FusionProcessor.create(DriveScenario.params().build(), clock);
        w.durationNanos = once.world.durationNanos = 30 * S;
        once.run();
        w.run(s -> {
            clock.advanceTo(s.acquiredNanos);
            s.feed(twice);
            if (s.kind == SampleKind.GPS) {
                s.feed(twice); // as a receiver sending RMC and GGA+VTG for the same epoch
            }
        }, t -> { });
        assertTrue(once.fusion.courseFused() > 50);
        assertEquals(once.fusion.courseFused(), twice.courseFused());
    }

    @Test
    void zeroRateUpdatesPinTheGyroBiasAtAStandstill() {
        double biasRadS = Math.toRadians(0.5);
        double with = new Bench(DriveScenario.params().build(), biasRadS).standStill(S).biasErrorDegS();
        double without = new Bench(DriveScenario.params().zeroRateUpdates(false).build(), biasRadS)
                .standStill(S).biasErrorDegS();
        System.out.printf("gyro bias error after 1 s standing: %.4f °/s with zero-rate updates, %.4f °/s without%n",
                with, without);
        assertTrue(with < 0.01, with + " °/s");
        assertTrue(without > 3 * with, without + " vs " + with);
    }

    @Test
    void aTurnThatStartsBeforeTheFirstWheelTickIsNotTakenForBias() {
        double biasRadS = Math.toRadians(0.5);
        Bench b = new Bench(DriveScenario.params().build(), biasRadS).standStill(3 * S);
        double before = b.biasErrorDegS();
        b.turnInPlace(3.0, 500 * MS); // 3 rad/s²: the first tick after ~30 ms
        assertTrue(b.fusion.zeroRateRejected() >= 1, "the gyro saw the turn before the wheels ticked");
        assertTrue(b.biasErrorDegS() < before + 0.01, before + " then " + b.biasErrorDegS() + " °/s");
    }

    @Test
    void reversingTheCoursePointsAgainstTheHeading() {
        Bench b = new Bench(DriveScenario.params().build(), 0);
        b.drive(-0.5, 20 * S); // heading east, driving west
        assertTrue(b.fusion.courseFused() > 50);
        assertEquals(0, b.fusion.headingResets());
        assertEquals(0, Math.toDegrees(b.fusion.latest().headingRad), 2);
    }

    /**
     * A scripted robot at the origin heading east: IMU at 1 kHz, wheels at 100 Hz, GPS with velocity at
     * 5 Hz (no position noise), the gyro with a constant bias and white noise.
     */
    private static final class Bench {
        final ManualClock clock = new ManualClock(0);
        final FusionProcessor fusion;
        final double biasRadS;
        final SplittableRandom rnd = new SplittableRandom(11);
        final Sample sample = new Sample();
        long t = DriveScenario.START_NANOS;
        double x, heading;
        /** Each wheel starts half a tick from its next edge either way, as it would after a stop. */
        double leftM = 0.5 / ticksPerM(), rightM = 0.5 / ticksPerM();

        Bench(FusionParams params, double biasRadS) {
            this.fusion = FusionProcessor.create(params, clock);
            this.biasRadS = biasRadS;
        }

        Bench standStill(long nanos) {
            return step(nanos, k -> 0, k -> 0);
        }

        Bench turnInPlace(double accelRadS2, long nanos) {
            long start = t;
            return step(nanos, k -> 0, k -> accelRadS2 * (k - start) * 1e-9);
        }

        Bench drive(double speedMps, long nanos) {
            return step(nanos, k -> speedMps, k -> 0);
        }

        private Bench step(long nanos, java.util.function.LongToDoubleFunction speed,
                           java.util.function.LongToDoubleFunction turnRate) {
            long end = t + nanos;
            for (; t < end; t += MS) {
                double v = speed.applyAsDouble(t), w = turnRate.applyAsDouble(t);
                x += v * Math.cos(heading) * 1e-3;
                heading += w * 1e-3;
                leftM += (v - w * DriveScenario.WHEEL_BASE / 2) * 1e-3;
                rightM += (v + w * DriveScenario.WHEEL_BASE / 2) * 1e-3;
                Sample s = begin(SampleKind.IMU);
                s.imu.gyroZ = w + biasRadS + Math.toRadians(0.05) * rnd.nextGaussian();
                s.imu.accelZ = 9.81;
                s.imu.validMask = Imu.GYRO | Imu.ACCEL;
                feed(s);
                long ms = (t - DriveScenario.START_NANOS) / MS;
                if (ms % 10 == 0) {
                    s = begin(SampleKind.WHEELS);
                    s.wheels.leftTicks = (long) Math.floor(leftM * ticksPerM());
                    s.wheels.rightTicks = (long) Math.floor(rightM * ticksPerM());
                    s.wheels.ticksPerRevolution = DriveScenario.TICKS;
                    feed(s);
                }
                if (ms % 200 == 0) {
                    s = begin(SampleKind.GPS);
                    GpsFix g = s.gps;
                    g.latitudeDeg = DriveScenario.ORIGIN_LAT;
                    g.longitudeDeg = DriveScenario.ORIGIN_LON + Math.toDegrees(x / (LocalFrame.EARTH_RADIUS_M
                            * Math.cos(Math.toRadians(DriveScenario.ORIGIN_LAT))));
                    g.fixQuality = 1;
                    g.speedMps = Math.abs(v);
                    g.courseDeg = v > 0 ? 90 : v < 0 ? 270 : Double.NaN;
                    g.utcMillisOfDay = (int) ms;
                    g.validMask = GpsFix.POSITION | GpsFix.QUALITY | GpsFix.VELOCITY | GpsFix.TIME;
                    feed(s);
                }
            }
            return this;
        }

        private static double ticksPerM() {
            return DriveScenario.TICKS / (2 * Math.PI * DriveScenario.WHEEL_RADIUS);
        }

        private Sample begin(SampleKind kind) {
            Sample s = sample.reset(kind);
            s.sourceId = kind.ordinal();
            s.acquiredNanos = t;
            return s;
        }

        private void feed(Sample s) {
            clock.advanceTo(s.acquiredNanos);
            s.feed(fusion);
        }

        double biasErrorDegS() {
            return Math.abs(Math.toDegrees(fusion.latest().gyroBiasRadPerS - biasRadS));
        }
    }
}
