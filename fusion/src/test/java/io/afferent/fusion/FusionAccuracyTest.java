package io.afferent.fusion;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Accuracy against the test world's ground truth ({@link DriveScenario}: fixed seeds, virtual time):
 * the figures of issue 7. Each test prints its figures.
 */
class FusionAccuracyTest {
    private static final long[] SEEDS = {1, 2, 3};

    @Test
    void fiveMinuteDriveMeetsPositionAndHeadingRms() {
        for (long seed : SEEDS) {
            FusionRun r = new FusionRun(new DriveScenario(seed), DriveScenario.params().build()).run();
            System.out.printf("5-min drive, seed %d: %s%n", seed, r.score);
            assertTrue(r.score.positionRmsM() <= 1.0, "seed " + seed + ": " + r.score);
            assertTrue(r.score.headingRmsDeg() <= 2.0, "seed " + seed + ": " + r.score);
        }
    }

    @Test
    void thirtySecondGpsOutageIsDeadReckonedAndRecovered() {
        for (long seed : SEEDS) {
            DriveScenario w = new DriveScenario(seed);
            w.outageStartNanos = w.nanosAt(120);
            w.outageEndNanos = w.nanosAt(150);
            FusionRun r = new FusionRun(w, DriveScenario.params().build()).run();
            System.out.printf("30-s outage, seed %d: error at end of outage %.2f m, back under 1.5 m after %.1f s, "
                    + "max error 0-30 s after that %.2f m; %s%n",
                    seed, r.errorAtOutageEndM, r.recoverySeconds, r.maxErrorAfterRecoveryM, r.score);
            assertTrue(r.errorAtOutageEndM <= 3.0, "seed " + seed + ": " + r.errorAtOutageEndM);
            assertTrue(r.recoverySeconds <= 10.0, "seed " + seed + ": " + r.recoverySeconds);
            assertTrue(r.fusion.gpsFailures() >= 1, "the outage shows as a GPS timeout");
        }
    }

    @Test
    void gpsDeliveredEightyMillisecondsLateIsFusedAsOfItsValidityTime() {
        for (long seed : SEEDS) {
            FusionRun onTime = new FusionRun(new DriveScenario(seed), DriveScenario.params().build()).run();
            DriveScenario lateWorld = new DriveScenario(seed);
            lateWorld.gpsLatencyNanos = 80 * DriveScenario.MS;
            FusionRun late = new FusionRun(lateWorld, DriveScenario.params().gpsDelayNanos(80 * DriveScenario.MS).build()).run();
            DriveScenario naiveWorld = new DriveScenario(seed);
            naiveWorld.gpsLatencyNanos = 80 * DriveScenario.MS;
            FusionRun naive = new FusionRun(naiveWorld, DriveScenario.params().build()).run();
            System.out.printf("seed %d: on time %s%n        late 80 ms, compensated %s%n        late 80 ms, applied as if now %s%n",
                    seed, onTime.score, late.score, naive.score);
            assertTrue(late.fusion.lateFused() > 1000, "late fixes went through the rewind");
            assertEquals(0, late.fusion.tooLate());
            assertTrue(late.score.positionRmsM() <= onTime.score.positionRmsM() * 1.02 + 0.01,
                    late.score + " vs " + onTime.score);
            assertTrue(late.score.headingRmsDeg() <= onTime.score.headingRmsDeg() * 1.02 + 0.01);
            // same measurements at the same times of validity: the same final estimate
            assertEquals(onTime.fusion.latest().xM, late.fusion.latest().xM, 1e-6);
            assertEquals(onTime.fusion.latest().yM, late.fusion.latest().yM, 1e-6);
            assertEquals(onTime.fusion.latest().headingRad, late.fusion.latest().headingRad, 1e-9);
        }
    }
}
