package io.afferent.control;

import io.afferent.api.ConfigError;
import io.afferent.api.msg.Digital;
import io.afferent.api.msg.Pose;
import io.afferent.api.msg.WheelCmd;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WaypointFollowerStageTest {
    private static final double EPS = 1e-12;
    /** Every input seen and healthy, position absolute. */
    private static final int GOOD = Pose.POSITION_ABSOLUTE
            | Pose.SEEN << Pose.IMU | Pose.SEEN << Pose.WHEELS | Pose.SEEN << Pose.GPS;
    private static final String EAST_10 = """
                  waypoints: [{east_m: 10, north_m: 0}]
                  cruise_speed: 0.4
                  lookahead: 2
                  arrival_radius: 0.5
            """;

    private static Pose pose(double x, double y, double heading, int flags) {
        Pose p = new Pose();
        p.xM = x;
        p.yM = y;
        p.headingRad = heading;
        p.flags = flags;
        return p;
    }

    private static WheelCmd last(StageHarness h) {
        List<StageHarness.Published<WheelCmd>> l = h.published("wheel_cmd");
        return l.get(l.size() - 1).message();
    }

    @Test
    void aPosePublishesTheWheelSpeedsOfThePursuitArcWithTheInputsOriginAndChain() throws Exception {
        StageHarness h = new StageHarness(EAST_10, "pose");
        WaypointFollowerStage.create(h);
        h.deliver("pose", Pose.TYPE, pose(0, 0, 0, GOOD), 1_000, 3);
        h.deliver("pose", Pose.TYPE, pose(0, -1, 0, GOOD), 2_000, 3);
        List<StageHarness.Published<WheelCmd>> out = h.published("wheel_cmd");
        assertEquals(2, out.size());
        WheelCmd c = out.get(1).message();
        // 0.4 m/s on curvature 0.5 (PurePursuitTest): 0.2 rad/s; track 0.3 m → left 0.4 - 0.03, right 0.4 + 0.03.
        assertEquals(0.37, c.leftMps, EPS);
        assertEquals(0.43, c.rightMps, EPS);
        assertEquals(0.4, c.linearMps, EPS);
        assertEquals(0.2, c.angularRadPerS, EPS);
        assertFalse(c.stop);
        assertEquals(2_000, out.get(1).originNanos());
        assertEquals(3, out.get(1).chain());
    }

    @Test
    void theEStopStopsAtOnceAndUntilReleased() throws Exception {
        StageHarness h = new StageHarness(EAST_10, "pose", "estop");
        WaypointFollowerStage.create(h);
        h.deliver("pose", Pose.TYPE, pose(0, 0, 0, GOOD), 1_000, 0);
        Digital d = new Digital();
        d.high = true;
        d.emergencyStop = true;
        h.deliver("estop", Digital.TYPE, d, 1_500, 7);
        assertEquals(2, h.published("wheel_cmd").size()); // published on the e-stop itself, not at the next pose
        assertTrue(last(h).stop);
        assertEquals(0.0, last(h).leftMps);
        assertEquals(7, h.<WheelCmd>published("wheel_cmd").get(1).chain());
        h.deliver("pose", Pose.TYPE, pose(1, 0, 0, GOOD), 2_000, 0);
        assertTrue(last(h).stop);
        h.deliver("estop", Digital.TYPE, d, 2_500, 7); // still high: not a new activation, a stop again
        assertEquals(1, h.count("estop"));
        d.high = false;
        h.deliver("estop", Digital.TYPE, d, 3_000, 7);
        assertEquals(4, h.published("wheel_cmd").size()); // a release publishes nothing by itself
        h.deliver("pose", Pose.TYPE, pose(1, 0, 0, GOOD), 3_500, 0);
        assertFalse(last(h).stop);
        assertEquals(0.4, last(h).leftMps, EPS);
    }

    @Test
    void anInvalidPoseStopsAndIsCountedOncePerEpisode() throws Exception {
        StageHarness h = new StageHarness(EAST_10, "pose");
        WaypointFollowerStage.create(h);
        h.deliver("pose", Pose.TYPE, pose(0, 0, 0, GOOD & ~Pose.POSITION_ABSOLUTE), 1, 0);
        h.deliver("pose", Pose.TYPE, pose(0, 0, 0, GOOD & ~Pose.POSITION_ABSOLUTE), 2, 0);
        assertTrue(last(h).stop);
        assertEquals(1, h.count("invalid_pose"));
        h.deliver("pose", Pose.TYPE, pose(0, 0, 0, GOOD), 3, 0);
        assertFalse(last(h).stop);
        h.deliver("pose", Pose.TYPE, pose(1, 0, 0, GOOD | Pose.TIMEOUT << Pose.GPS), 4, 0);
        assertTrue(last(h).stop);
        h.deliver("pose", Pose.TYPE, pose(1, 0, 0, GOOD | Pose.STUCK << Pose.IMU), 5, 0);
        h.deliver("pose", Pose.TYPE, pose(1, 0, 0, GOOD | Pose.EMERGENCY_STOP), 6, 0);
        assertTrue(last(h).stop);
        assertEquals(2, h.count("invalid_pose"));
        assertEquals(0, h.count("estop"));
    }

    @Test
    void theLastWaypointStopsTheRobotAndEveryArrivalIsCounted() throws Exception {
        StageHarness h = new StageHarness("""
                      waypoints: [{east_m: 1, north_m: 0}, {east_m: 1, north_m: 1}]
                      arrival_radius: 0.5
                """, "pose");
        WaypointFollowerStage.create(h);
        h.deliver("pose", Pose.TYPE, pose(0, 0, 0, GOOD), 1, 0);
        assertEquals(0.5, last(h).linearMps, EPS); // the default cruise speed
        h.deliver("pose", Pose.TYPE, pose(0.8, 0.1, 0, GOOD), 2, 0);
        assertEquals(0, h.count("waypoints_reached")); // within the radius, still ahead
        h.deliver("pose", Pose.TYPE, pose(1.05, 0.05, 0, GOOD), 2, 0);
        assertEquals(1, h.count("waypoints_reached"));
        assertFalse(last(h).stop);
        h.deliver("pose", Pose.TYPE, pose(1, 1.02, Math.PI / 2, GOOD), 3, 0);
        assertEquals(2, h.count("waypoints_reached"));
        assertTrue(last(h).stop);
        h.deliver("pose", Pose.TYPE, pose(2, 2, 0, GOOD), 4, 0);
        assertTrue(last(h).stop);
        assertEquals(2, h.count("waypoints_reached"));
    }

    @Test
    void geographicWaypointsArePlacedFromTheFirstPoseThatKnowsItsLatitudeAndLongitude() throws Exception {
        // 10 m north and 10 m east of (48, 11) on a sphere of radius 6371008.8 m.
        double dLat = Math.toDegrees(10 / 6_371_008.8);
        double dLon = Math.toDegrees(10 / (6_371_008.8 * Math.cos(Math.toRadians(48))));
        StageHarness h = new StageHarness("      waypoints: [{lat: " + (48 + dLat) + ", lon: " + (11 + dLon) + "}]\n"
                + "      lookahead: 100\n", "pose");
        WaypointFollowerStage.create(h);
        Pose p = pose(2, 3, 0, GOOD);
        h.deliver("pose", Pose.TYPE, p, 1, 0);
        assertTrue(last(h).stop); // no latitude/longitude yet: cannot steer
        p.latitudeDeg = 48;
        p.longitudeDeg = 11;
        h.deliver("pose", Pose.TYPE, p, 2, 0);
        // Goal = the waypoint (within the lookahead) at local (12, 13): 10 m ahead, 10 m left of a robot facing east.
        // Curvature 2·10/200 = 0.1; 0.5 m/s → 0.05 rad/s.
        assertFalse(last(h).stop);
        assertEquals(0.05, last(h).angularRadPerS, 1e-9);
        assertEquals(0.5, last(h).linearMps, EPS);
    }

    @Test
    void badParamsAreExactErrors() {
        ConfigError none = assertThrows(ConfigError.class,
                () -> WaypointFollowerStage.create(new StageHarness("      cruise_speed: 0.4\n", "pose")));
        assertTrue(none.getMessage().contains("waypoints"), none.getMessage());
        ConfigError half = assertThrows(ConfigError.class,
                () -> WaypointFollowerStage.create(new StageHarness("      waypoints: [{east_m: 3}]\n", "pose")));
        assertTrue(half.getMessage().contains("test.yaml:7:") && half.getMessage().contains("north_m"), half.getMessage());
        ConfigError typo = assertThrows(ConfigError.class, () -> WaypointFollowerStage.create(new StageHarness(
                "      waypoints: [{east_m: 3, north_m: 0}]\n      look_ahead: 2\n", "pose")));
        assertTrue(typo.getMessage().contains("test.yaml:8:") && typo.getMessage().contains("look_ahead"), typo.getMessage());
        ConfigError slow = assertThrows(ConfigError.class, () -> WaypointFollowerStage.create(new StageHarness(
                "      waypoints: [{east_m: 3, north_m: 0}]\n      cruise_speed: 0\n", "pose")));
        assertTrue(slow.getMessage().contains("cruise_speed"), slow.getMessage());
    }

    @Test
    void theTrueDistanceIsMeasuredOnTheGroundThroughThePosesLatitudeAndLongitude() {
        // The pose's frame has its origin somewhere else than the truth's: only latitude/longitude are shared.
        Pose p = pose(2, 3, 0, GOOD);
        p.latitudeDeg = 48;
        p.longitudeDeg = 11;
        io.afferent.api.truth.TruthState t = new io.afferent.api.truth.TruthState();
        t.eastM = 1000; // the truth's own frame: not used
        t.northM = -50;
        t.latitudeDeg = 48 + Math.toDegrees(0.5 / 6_371_008.8); // 0.5 m north of the pose
        t.longitudeDeg = 11 + Math.toDegrees(1.0 / (6_371_008.8 * Math.cos(Math.toRadians(48)))); // 1 m east
        // The true position is (3, 3.5) in the pose's frame: 0.5 m from waypoint (3, 3), 1.5 m from (2, 3).
        assertEquals(0.5, WaypointFollowerStage.trueDistanceM(p, 3, 3, t), 1e-6);
        assertEquals(Math.hypot(1, 0.5), WaypointFollowerStage.trueDistanceM(p, 2, 3, t), 1e-6);
    }
}
