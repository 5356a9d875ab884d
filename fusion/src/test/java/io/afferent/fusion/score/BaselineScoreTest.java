package io.afferent.fusion.score;

import io.afferent.api.Input;
import io.afferent.api.Robot;
import io.afferent.api.msg.GpsFix;
import io.afferent.api.msg.Wheels;
import io.afferent.api.truth.GroundTruth;
import io.afferent.api.truth.TruthState;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The GPS alone and the odometry alone on a pose's grid, with inputs whose errors are known exactly. */
class BaselineScoreTest {
    private static final long S = 1_000_000_000L;
    private static final double LAT0 = 52.0, LON0 = 0.1, R = 6_371_008.8;
    private static final double EPS = 1e-9;

    /** The envelope of a message: only its acquisition time matters here. */
    private static Input at(long nanos) {
        return new Input() {
            public String topic() { return "t"; }
            public long originNanos() { return nanos; }
            public long publishedNanos() { return nanos; }
            public long sequence() { return 0; }
            public int chain() { return 0; }
        };
    }

    private static double latOf(double northM) {
        return LAT0 + Math.toDegrees(northM / R);
    }

    private static double lonOf(double eastM) {
        return LON0 + Math.toDegrees(eastM / (R * Math.cos(Math.toRadians(LAT0))));
    }

    /** Driving east at 1 m/s along the parallel LAT0, from (LAT0, LON0) at time 0, heading east. */
    private static final GroundTruth EAST_AT_1_MPS = new GroundTruth() {
        public long originNanos() { return 0; }
        public void truthAt(long nanos, TruthState out) {
            double e = nanos * 1e-9;
            out.timeNanos = nanos;
            out.eastM = e;
            out.northM = 0;
            out.latitudeDeg = LAT0;
            out.longitudeDeg = lonOf(e);
            out.headingRad = 0;
        }
    };

    /** A pose's grid: {time s, GPS in use}, with the truth at each time as the scoring sink records it. */
    private static Series grid(GroundTruth truth, double[][] points) {
        Series g = new Series(PoseScoringSink.COLUMNS, 1024);
        TruthState at = new TruthState();
        for (double[] p : points) {
            truth.truthAt((long) (p[0] * S), at);
            PoseScoringSink.addPoint(g, (long) (p[0] * S), p[1] != 0, at);
        }
        return g;
    }

    private static GpsFix fix(double eastM, double northM, double speedMps, double courseDeg, int quality) {
        GpsFix g = new GpsFix();
        g.validMask = GpsFix.POSITION | GpsFix.QUALITY | GpsFix.VELOCITY;
        g.latitudeDeg = latOf(northM);
        g.longitudeDeg = lonOf(eastM);
        g.speedMps = speedMps;
        g.courseDeg = courseDeg;
        g.fixQuality = quality;
        return g;
    }

    @Test
    void theGpsAloneHoldsEachFixAndTakesItsHeadingFromTheCourseAboveWalkingSpeed() {
        GpsAloneSink gps = new GpsAloneSink("gps", 1024);
        gps.onMessage(fix(0, 3, 1.0, 90, 1), at(0));          // 3 m north of the truth, course east: heading 0
        gps.onMessage(fix(50, 50, 1.0, 0, 0), at(S));          // quality invalid: ignored
        gps.onMessage(fix(2, 0, 0.2, 180, 1), at(2 * S));      // on the truth; too slow for its course: heading held
        gps.onMessage(fix(7, 0, 1.0, 0, 1), at(3 * S));        // 4 m ahead; course north: heading +90°
        assertEquals(3, gps.track().size());
        Series grid = grid(EAST_AT_1_MPS, new double[][] {
            {-0.5, 1},  // before the first fix: not scored
            {0.5, 1},   // (0, 3) vs (0.5, 0): error² 9.25
            {1.5, 0},   // GPS out: (0, 3) vs (1.5, 0): error² 11.25
            {2.5, 1},   // back: (2, 0) vs (2.5, 0): error² 0.25; the outage ended at error √11.25
            {3.5, 1}}); // (7, 0) vs (3.5, 0): error² 12.25; heading 90° off
        FusionScore s = BaselineScore.gps(grid, gps.track());
        assertEquals(4, s.samples());
        assertEquals(Math.sqrt((9.25 + 11.25 + 0.25 + 12.25) / 4), s.positionRmsM(), EPS);
        assertEquals(3.5, s.positionMaxM(), EPS);
        assertEquals(45.0, s.headingRmsDeg(), EPS); // √(90² / 4)
        assertEquals(Math.sqrt(11.25), s.gpsOutageErrorM(), EPS);
        assertEquals(1, s.outages());
    }

    @Test
    void theGpsAloneHasNoHeadingBeforeItsFirstCourse() {
        GpsAloneSink gps = new GpsAloneSink("gps", 1024);
        GpsFix noVelocity = fix(0, 0, 0, 0, 1);
        noVelocity.validMask = GpsFix.POSITION | GpsFix.QUALITY;
        gps.onMessage(noVelocity, at(0));
        gps.onMessage(fix(1, 0, 1.0, 45, 1), at(S)); // course north-east: heading 45° off the truth
        FusionScore s = BaselineScore.gps(grid(EAST_AT_1_MPS, new double[][] {{0.5, 1}, {1.5, 1}}), gps.track());
        assertEquals(2, s.samples());
        assertEquals(0.5, s.positionRmsM(), EPS); // 0.5 m behind at both
        assertEquals(45.0, s.headingRmsDeg(), EPS, "one heading sample: the first point had none");
        assertTrue(Double.isNaN(s.gpsOutageErrorM()));
    }

    @Test
    void atTheInstantOfAFixTheBaselineStillHoldsThePreviousOne() {
        // The pose that ends an outage is published before the fix of its instant is fused: the GPS alone is
        // judged at that point without the fix too.
        GpsAloneSink gps = new GpsAloneSink("gps", 1024);
        gps.onMessage(fix(0, 0, 1.0, 90, 1), at(0));
        gps.onMessage(fix(10, 0, 1.0, 90, 1), at(10 * S));
        FusionScore s = BaselineScore.gps(grid(EAST_AT_1_MPS, new double[][] {{0.5, 1}, {10, 0}, {10, 1}, {10.5, 1}}),
                gps.track());
        assertEquals(4, s.samples());
        assertEquals(10.0, s.gpsOutageErrorM(), EPS, "10 s on the fix of time 0");
        assertEquals(10.0, s.positionMaxM(), EPS);
        assertEquals(Math.sqrt((0.25 + 100 + 100 + 0.25) / 4), s.positionRmsM(), EPS);
    }

    @Test
    void theOdometryAloneDeadReckonsTheTicksFromTheTrueStartPose() {
        // wheel circumference 1 m, 1000 ticks a turn: 1 mm a tick; wheel base 0.5 m
        Robot robot = new Robot(0.5 / Math.PI, 0.5, 1000);
        GroundTruth still = new GroundTruth() { // standing at (10, 20), facing north
            public long originNanos() { return 0; }
            public void truthAt(long nanos, TruthState out) {
                out.eastM = 10;
                out.northM = 20;
                out.headingRad = Math.PI / 2;
            }
        };
        OdometryAloneSink odo = new OdometryAloneSink("wheels", robot, still, 1024);
        Wheels w = new Wheels();
        w.ticksPerRevolution = 1000;
        odo.onMessage(w, at(0));                            // the start: the true pose
        w.leftTicks = w.rightTicks = 1000;
        w.ticksPerRevolution = 0;                           // not given: the robot's
        odo.onMessage(w, at(S));                            // 1 m straight ahead: (10, 21)
        w.leftTicks = 600;
        w.rightTicks = 1400;
        w.ticksPerRevolution = 1000;
        odo.onMessage(w, at(2 * S));                        // in place: 0.8 m / 0.5 m = 1.6 rad to the left
        Series track = odo.track();
        assertEquals(3, track.size());
        assertEquals(10, track.value(2, OdometryAloneSink.EAST), EPS);
        assertEquals(21, track.value(2, OdometryAloneSink.NORTH), EPS);
        assertEquals(Math.PI / 2 + 1.6, track.value(2, OdometryAloneSink.HEADING), EPS);
        FusionScore s = BaselineScore.odometry(grid(still, new double[][] {{0.5, 1}, {1.5, 1}, {2.5, 1}}), track);
        assertEquals(3, s.samples());
        assertEquals(Math.sqrt(2.0 / 3), s.positionRmsM(), EPS); // errors 0, 1, 1 m
        assertEquals(1.0, s.positionMaxM(), EPS);
        assertEquals(Math.toDegrees(1.6 / Math.sqrt(3)), s.headingRmsDeg(), EPS); // 0, 0, 1.6 rad
        assertTrue(Double.isNaN(s.gpsOutageErrorM()));
    }

    @Test
    void aFullSeriesKeepsEveryOtherEntryAndThenRecordsEveryOtherOne() {
        Series s = new Series(1, 4);
        for (int t = 0; t < 10; t++) {
            int i = s.add(t);
            if (i >= 0) {
                s.set(i, 0, 10 * t);
            }
        }
        assertEquals(3, s.size());
        assertEquals(4, s.stride());
        for (int i = 0; i < 3; i++) {
            assertEquals(4L * i, s.time(i));
            assertEquals(40.0 * i, s.value(i, 0));
        }
    }

    @Test
    void aSeriesStaysSortedWhenATimeGoesBack() {
        Series s = new Series(0, 16);
        s.add(5);
        s.add(3);
        s.add(7);
        assertEquals(5, s.time(1));
        assertEquals(7, s.time(2));
    }
}
