package io.afferent.sim;

import io.afferent.api.truth.TruthState;
import io.afferent.sim.world.DriveLimits;
import io.afferent.sim.world.Field;
import io.afferent.sim.world.Geo;
import io.afferent.sim.world.RandomDrive;
import io.afferent.sim.world.Segment;
import io.afferent.sim.world.Trajectory;
import io.afferent.sim.world.World;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorldTest {
    private static final DriveLimits LIMITS = DriveLimits.defaults(0.30, 0.05);

    private static World world(List<Segment> segments) {
        return new World(0, Trajectory.of(LIMITS, segments, 0, 0, 0), Field.centred(100, 100),
                new Geo(52.2053, 0.1218, 15), 0, 0);
    }

    @Test
    void squareCourseReturnsToItsStartWithConsistentWheelTravel() {
        List<Segment> square = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            square.add(new Segment.Straight(4, 0.8));
            square.add(new Segment.Turn(Math.PI / 2));
        }
        World w = world(square);
        TruthState t = new TruthState();
        w.truthAt((long) ((w.trajectory().endTimeS() + 1) * 1e9), t);
        assertEquals(0, t.eastM, 1e-9);
        assertEquals(0, t.northM, 1e-9);
        assertEquals(2 * Math.PI, t.headingUnwrappedRad, 1e-9);
        assertEquals(16, (t.leftTravelM + t.rightTravelM) / 2, 1e-9);
        assertEquals(2 * Math.PI, (t.rightTravelM - t.leftTravelM) / 0.30, 1e-9);
        assertEquals(0, t.speedMps, 0);
    }

    @Test
    void velocityTurnRateAndWheelTravelAreDerivativesOfThePose() {
        World w = world(List.of(new Segment.Straight(3, 0.8), new Segment.Arc(2, Math.PI, 0.6),
                new Segment.Turn(-1), new Segment.Straight(2, 1)));
        TruthState a = new TruthState(), b = new TruthState();
        double h = 1e-6;
        for (double t = 0.05; t < w.trajectory().endTimeS(); t += 0.173) {
            w.truthAt((long) (t * 1e9), a);
            w.truthAt((long) ((t + h) * 1e9), b);
            double dt = (b.timeNanos - a.timeNanos) * 1e-9;
            assertEquals(a.velocityEastMps, (b.eastM - a.eastM) / dt, 1e-4, "vE at " + t);
            assertEquals(a.velocityNorthMps, (b.northM - a.northM) / dt, 1e-4, "vN at " + t);
            assertEquals(a.turnRateRadS, (b.headingUnwrappedRad - a.headingUnwrappedRad) / dt, 1e-4, "w at " + t);
            assertTrue(a.speedMps <= LIMITS.maxSpeedMps() + 1e-9);
            assertTrue(Math.abs(a.turnRateRadS) <= LIMITS.maxTurnRateRadS() + 1e-9);
        }
    }

    @Test
    void randomDriveStaysInsideTheFieldAndDependsOnlyOnTheSeed() {
        Field field = Field.centred(20, 12);
        List<Segment> a = RandomDrive.generate(5, LIMITS, field, 1, 0.8, 3600, 0, 0, 0);
        List<Segment> b = RandomDrive.generate(5, LIMITS, field, 1, 0.8, 3600, 0, 0, 0);
        List<Segment> c = RandomDrive.generate(6, LIMITS, field, 1, 0.8, 3600, 0, 0, 0);
        assertEquals(a, b);
        assertTrue(!a.equals(c));
        Trajectory tr = Trajectory.of(LIMITS, a, 0, 0, 0);
        assertTrue(tr.endTimeS() > 3000, "drives about an hour: " + tr.endTimeS());
        TruthState t = new TruthState();
        double travelled = 0, lastE = 0, lastN = 0;
        for (double s = 0; s < tr.endTimeS(); s += 0.25) {
            tr.planarAt(s, t);
            assertTrue(field.contains(t.eastM, t.northM, 0), "outside at " + s + ": " + t.eastM + "," + t.northM);
            travelled += Math.hypot(t.eastM - lastE, t.northM - lastN);
            lastE = t.eastM;
            lastN = t.northM;
        }
        assertTrue(travelled > 1000, "it moves: " + travelled);
    }

    @Test
    void latitudeAndLongitudeFollowTheEllipsoidAroundTheOrigin() {
        Geo g = new Geo(52.2053, 0.1218, 15);
        // WGS-84 at 52.2°: about 111,257 m per degree of latitude and 68,360 m per degree of longitude.
        assertEquals(111_257, g.metresPerDegLat(), 30);
        assertEquals(68_360, g.metresPerDegLon(), 30);
        assertEquals(1000, g.northM(g.latitudeDeg(1000)), 1e-6);
    }

    @Test
    void slopeTiltsTheBodyAndRaisesTheAltitude() {
        World w = new World(0, Trajectory.of(LIMITS, List.of(new Segment.Straight(10, 0.5)), 0, 0, 0),
                Field.centred(100, 100), new Geo(52, 0, 15), 0.05, 0);
        TruthState t = new TruthState();
        w.truthAt(30_000_000_000L, t);
        assertEquals(15 + 0.05 * 10, t.altitudeM, 1e-9);
        assertEquals(Math.atan(0.05), t.pitchRad, 1e-12);
        assertEquals(0, t.rollRad, 1e-12);
        assertEquals(Math.sin(Math.atan(0.05)), t.xbU, 1e-12);
    }

    @Test
    void concurrentReadersSeeTheSameTruthAsOneReader() throws Exception {
        World w = new World(0, Trajectory.of(LIMITS, RandomDrive.generate(1, LIMITS, Field.centred(30, 30), 1, 0.8,
                600, 0, 0, 0), 0, 0, 0), Field.centred(30, 30), new Geo(52, 0, 15), 0.02, -0.01);
        double[] expected = sweep(w, 0);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<double[]>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                results.add(pool.submit(() -> sweep(w, 0)));
            }
            for (Future<double[]> f : results) {
                assertArrayEquals(expected, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static double[] sweep(World w, long offset) {
        TruthState t = new TruthState();
        double[] out = new double[3 * 6000];
        for (int i = 0; i < 6000; i++) {
            w.truthAt(offset + i * 100_000_000L, t);
            out[3 * i] = t.eastM;
            out[3 * i + 1] = t.northM;
            out[3 * i + 2] = t.headingRad;
        }
        return out;
    }
}
