package io.afferent.sim;

import io.afferent.api.truth.TruthState;
import io.afferent.sim.world.CommandedDrive;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The commanded drive's motor model and integration, worked by hand (no noise unless said). */
class CommandedDriveTest {
    private final TruthState s = new TruthState();

    private static CommandedDrive drive(double lagS, double accel, double deadband, double noise) {
        CommandedDrive d = new CommandedDrive(0.3, 42, 0, 0, 0);
        d.model(lagS, accel, deadband, noise);
        return d;
    }

    @Test
    void theAccelerationLimitRampsTheSpeed() {
        CommandedDrive d = drive(0.001, 1.0, 0, 0); // lag = one step: the limit alone shapes the speed
        d.command(0, 1, 1);
        d.planarAt(1.0, s);
        // 1 mm/s more per 1 ms step: distance after 1000 steps = sum(i = 1..1000) of i·1e-6 m = 0.5005 m.
        assertEquals(0.5005, s.eastM, 1e-12);
        assertEquals(1.0, s.speedMps, 1e-12);
        assertEquals(0.5005, s.leftTravelM, 1e-12);
        d.planarAt(0.5, s);
        assertEquals(1.0, s.alongTrackAccelMps2, 1e-6);
        d.planarAt(2.0, s);
        assertEquals(1.5005, s.eastM, 1e-9);
        assertEquals(0.0, s.alongTrackAccelMps2, 1e-9);
    }

    @Test
    void oppositeWheelSpeedsTurnOnTheSpot() {
        CommandedDrive d = drive(0.001, 1000, 0, 0);
        d.command(0, -0.15, 0.15); // (0.15 + 0.15) / 0.3 m = 1 rad/s
        d.planarAt(1.0, s);
        assertEquals(1.0, s.headingUnwrappedRad, 1e-12);
        assertEquals(1.0, s.turnRateRadS, 1e-12);
        assertEquals(0.0, s.eastM, 1e-12);
        assertEquals(0.0, s.northM, 1e-12);
    }

    @Test
    void theMotorLagIsFirstOrder() {
        CommandedDrive d = drive(0.05, 1000, 0, 0);
        d.command(0, 1, 1);
        d.planarAt(0.0495, s); // within step 50: its speed, after 50 steps of 2 % (one time constant)
        assertEquals(1 - Math.pow(0.98, 50), s.speedMps, 1e-12);
    }

    @Test
    void aCommandInsideTheDeadbandIsZero() {
        CommandedDrive d = drive(0.001, 100, 0.02, 0.01);
        d.command(0, 0.019, -0.019);
        d.planarAt(3.0, s);
        assertEquals(0.0, s.eastM);
        assertEquals(0.0, s.headingUnwrappedRad);
    }

    @Test
    void aPastTimeIsTheStateThenInterpolatedBetweenSteps() {
        CommandedDrive d = drive(0.001, 1000, 0, 0);
        d.command(0, 1, 1);
        d.planarAt(2.0, s);
        d.planarAt(1.0005, s); // halfway between the steps at 1.000 s and 1.001 s
        assertEquals(1.0005, s.eastM, 1e-9);
    }

    @Test
    void noiseIsSmallAndSeeded() {
        CommandedDrive a = drive(0.05, 1.0, 0, 0.005);
        CommandedDrive b = drive(0.05, 1.0, 0, 0.005);
        a.command(0, 0.5, 0.5);
        b.command(0, 0.5, 0.5);
        TruthState t = new TruthState();
        a.planarAt(10, s);
        b.planarAt(10, t);
        assertEquals(s.eastM, t.eastM); // same seed, same calls: the same motion
        CommandedDrive quiet = drive(0.05, 1.0, 0, 0);
        quiet.command(0, 0.5, 0.5);
        quiet.planarAt(10, t);
        // 5 mm/s of noise with a 0.2 s correlation time: about 1 cm of position over 10 s; 5 cm is five sigma.
        assertEquals(t.eastM, s.eastM, 0.05);
        assertEquals(0.0, t.northM);
    }

    @Test
    void aCommandTakesEffectAtItsTimeWhateverTheReadersAskedBeforeAndIsLateOnlyOnceTheyAskedPastIt() {
        // Two drives, the same commands at the same times; in one, readers ask for times in between first.
        CommandedDrive plain = drive(0.05, 1.0, 0, 0.005);
        CommandedDrive read = drive(0.05, 1.0, 0, 0.005);
        assertEquals(true, plain.command(0.020, 0.5, 0.5));
        read.planarAt(0.010, s); // before the command's time: the command is still on time
        assertEquals(true, read.command(0.020, 0.5, 0.5));
        assertEquals(true, plain.command(0.500, 0.3, 0.6));
        read.planarAt(0.499, s); // the last step before it
        assertEquals(true, read.command(0.500, 0.3, 0.6));
        TruthState a = new TruthState(), b = new TruthState();
        plain.planarAt(2.0, a);
        read.planarAt(2.0, b);
        assertEquals(a.eastM, b.eastM); // bit for bit
        assertEquals(a.northM, b.northM);
        assertEquals(a.headingUnwrappedRad, b.headingUnwrappedRad);
        read.planarAt(2.5, s);
        assertEquals(false, read.command(2.4, 0, 0)); // readers are past 2.4 s: applied from now, late
    }

    @Test
    void aTimeOlderThanTheHistoryIsUnknownNotTheOldestStateKept() {
        CommandedDrive d = drive(0.05, 1.0, 0, 0);
        d.command(0, 0.5, 0.5);
        d.planarAt(20.0, s); // 16.384 s of history kept: back to 3.6 s
        d.planarAt(4.0, s);
        assertEquals(false, Double.isNaN(s.eastM));
        d.planarAt(3.0, s);
        assertEquals(true, Double.isNaN(s.eastM));
        assertEquals(true, Double.isNaN(s.headingRad));
    }
}
