package io.afferent.control;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pure pursuit worked by hand: every expectation is the geometry of the case, to rounding (1e-12). */
class PurePursuitTest {
    private static final double EPS = 1e-12;

    private static PurePursuit straightEast(double maxTurn) {
        // One leg from where the robot starts to (10, 0); cruise 0.4 m/s, lookahead 2 m, arrival radius 0.5 m.
        return new PurePursuit(new double[] {10}, new double[] {0}, 0.4, 2.0, 0.5, maxTurn);
    }

    @Test
    void onTheLineTheGoalIsOneLookaheadAlongItAndTheRobotDrivesStraight() {
        PurePursuit p = straightEast(1.5);
        assertEquals(0, p.step(0, 0, 0));
        assertEquals(2.0, p.goalX(), EPS);
        assertEquals(0.0, p.goalY(), EPS);
        assertEquals(0.4, p.linear(), EPS);
        assertEquals(0.0, p.angular(), EPS);
    }

    @Test
    void oneMetreRightOfTheLineTheArcHasCurvatureOneHalf() {
        PurePursuit p = straightEast(1.5);
        p.step(0, 0, 0); // the leg starts here
        p.step(0, -1, 0);
        // Circle of radius 2 around (0, -1) meets y = 0 at x = sqrt(3); the goal is 1 m to the left, 2 m away:
        // curvature 2·1/2² = 0.5, yaw rate 0.4·0.5 = 0.2 rad/s.
        assertEquals(Math.sqrt(3), p.goalX(), EPS);
        assertEquals(0.0, p.goalY(), EPS);
        assertEquals(0.4, p.linear(), EPS);
        assertEquals(0.2, p.angular(), EPS);
    }

    @Test
    void theYawRateCapSlowsTheRobotAlongTheSameArc() {
        PurePursuit p = straightEast(0.1);
        p.step(0, 0, 0);
        p.step(0, -1, 0);
        assertEquals(0.1, p.angular(), EPS);
        assertEquals(0.2, p.linear(), EPS); // 0.1 rad/s on curvature 0.5
    }

    @Test
    void aGoalBehindIsTurnedToOnTheSpot() {
        PurePursuit p = new PurePursuit(new double[] {-5}, new double[] {0}, 0.4, 2.0, 0.5, 1.5);
        p.step(0, 0, 0);
        assertEquals(-2.0, p.goalX(), EPS);
        assertEquals(0.0, p.linear());
        assertEquals(1.5, p.angular());
        PurePursuit q = new PurePursuit(new double[] {0}, new double[] {-5}, 0.4, 2.0, 0.5, 1.5);
        q.step(0, 0, 0); // goal straight south of a robot facing east: to its right
        assertEquals(-2.0, q.goalY(), EPS);
        assertEquals(0.0, q.linear());
        assertEquals(-1.5, q.angular());
    }

    @Test
    void whenTheCircleMissesTheLegTheGoalIsItsClosestPoint() {
        PurePursuit p = straightEast(1.5);
        p.step(0, 0, 0);
        p.step(5, -3, Math.PI / 2);
        assertEquals(5.0, p.goalX(), EPS);
        assertEquals(0.0, p.goalY(), EPS);
    }

    @Test
    void withinTheLookaheadOfTheWaypointTheGoalIsTheWaypoint() {
        PurePursuit p = straightEast(1.5);
        p.step(0, 0, 0);
        p.step(8.5, 0.5, 0);
        assertEquals(10.0, p.goalX());
        assertEquals(0.0, p.goalY());
    }

    @Test
    void waypointsAreReachedInOrderWithinTheArrivalRadiusThenTheCommandIsZero() {
        PurePursuit p = new PurePursuit(new double[] {1, 1}, new double[] {0, 1}, 0.4, 2.0, 0.5, 1.5);
        assertEquals(0, p.step(0, 0, 0));
        assertEquals(0, p.current());
        assertEquals(0, p.step(0.8, 0.1, 0)); // 0.22 m from (1, 0) but still ahead: drives on at it
        assertEquals(1.0, p.goalX());
        assertEquals(0.0, p.goalY());
        assertEquals(1, p.step(1.05, 0.05, 0)); // drawn level with it (now just behind): reached
        assertEquals(1, p.current());
        assertFalse(p.finished());
        // (1, 1) is 0.9 m away: not reached yet; at (1, 0.6) within 0.5 m, ahead; at (1, 1.02) level with it.
        assertEquals(0, p.step(1, 0.1, Math.PI / 2));
        assertEquals(0, p.step(1, 0.6, Math.PI / 2));
        assertEquals(1, p.step(1, 1.02, Math.PI / 2));
        assertTrue(p.finished());
        assertEquals(0.0, p.linear());
        assertEquals(0.0, p.angular());
        assertEquals(0, p.step(3, 3, 0)); // stays finished
        assertEquals(0.0, p.linear());
    }

    @Test
    void aWaypointPassedOutsideTheRadiusIsNotReached() {
        PurePursuit p = new PurePursuit(new double[] {1}, new double[] {0}, 0.4, 2.0, 0.5, 1.5);
        assertEquals(0, p.step(1.2, 0.6, 0)); // level with it, but 0.63 m off: turns back towards it
        assertEquals(0.0, p.linear());
        assertEquals(-1.5, p.angular());
        assertEquals(0, p.step(1.1, 0.3, -Math.PI / 2)); // within 0.5 m, heading at it
        assertEquals(1, p.step(1.05, -0.1, -Math.PI / 2)); // drawn level with it
    }

    @Test
    void severalWaypointsInsideTheRadiusAreReachedAtOnceWhenLevelWithThem() {
        PurePursuit p = new PurePursuit(new double[] {0.1, 0.2, 5}, new double[] {0, 0, 0}, 0.4, 2.0, 0.5, 1.5);
        assertEquals(0, p.step(0, 0, 0)); // both ahead
        assertEquals(2, p.step(0.25, 0, 0));
        assertEquals(2, p.current());
    }
}
