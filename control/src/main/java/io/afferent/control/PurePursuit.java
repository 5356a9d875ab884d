package io.afferent.control;

import io.afferent.api.PortableMath;

/**
 * Pure pursuit along a polyline of waypoints (Coulter, "Implementation of the Pure Pursuit Path Tracking
 * Algorithm", CMU-RI-TR-92-01): the goal point is where a circle of radius {@code lookahead} around the robot
 * crosses the current leg (previous waypoint to the current one), furthest along it; the robot drives the arc
 * through that point, curvature {@code 2·y / L²} with {@code y} the goal's lateral offset in the robot's frame and
 * {@code L} its distance. When the circle misses the leg the goal is the leg's closest point; within
 * {@code lookahead} of the current waypoint the goal is the waypoint itself. A goal behind the robot is turned
 * to on the spot. The yaw rate is capped at {@code maxTurnRate} by slowing down along the same arc.
 *
 * <p>A waypoint is reached when the robot is within {@code arrivalRadius} of it <em>and</em> has drawn level with
 * it (the waypoint is no longer ahead of the robot: abeam or behind). Within the radius the goal is the waypoint
 * itself, so the robot keeps driving at it and is reached at its closest approach, not where it first enters
 * the circle: with a position error e, the true distance at arrival is then about e rather than the radius plus
 * e, so an arrival radius of the order of the position error still holds in truth.
 *
 * <p>Frame: x east, y north (metres), heading counter-clockwise from east (as {@code Pose}). No allocation;
 * single thread (the stage's).
 */
final class PurePursuit {
    private final double[] xs;
    private final double[] ys;
    private final double cruiseMps;
    private final double lookaheadM;
    private final double arrivalRadiusM;
    private final double maxTurnRadPerS;
    private double fromX;
    private double fromY;
    private boolean started;
    private int current;
    /** Outputs of the last {@link #step}. */
    private double linear;
    private double angular;
    private double goalX;
    private double goalY;

    PurePursuit(double[] xs, double[] ys, double cruiseMps, double lookaheadM, double arrivalRadiusM, double maxTurnRadPerS) {
        if (xs.length != ys.length || xs.length == 0) {
            throw new IllegalArgumentException("need one or more waypoints, as many x as y");
        }
        this.xs = xs.clone();
        this.ys = ys.clone();
        this.cruiseMps = cruiseMps;
        this.lookaheadM = lookaheadM;
        this.arrivalRadiusM = arrivalRadiusM;
        this.maxTurnRadPerS = maxTurnRadPerS;
    }

    /** Index of the waypoint being driven to; {@link #count()} once every waypoint was reached. */
    int current() {
        return current;
    }

    int count() {
        return xs.length;
    }

    boolean finished() {
        return current >= xs.length;
    }

    /** Forgets the progress: the next {@link #step} starts again at the first waypoint, from where the robot is. */
    void reset() {
        started = false;
        current = 0;
        linear = angular = 0;
    }

    /**
     * One control step at the robot's pose. Returns how many waypoints were reached by this pose (0, or more when
     * several lie within the arrival radius); then {@link #linear()} and {@link #angular()} hold the command (both
     * 0 once {@link #finished()}).
     */
    int step(double x, double y, double heading) {
        if (!started) {
            fromX = x;
            fromY = y;
            started = true;
        }
        int reached = 0;
        double c = PortableMath.cos(heading);
        double s = PortableMath.sin(heading);
        while (current < xs.length && Math.hypot(xs[current] - x, ys[current] - y) <= arrivalRadiusM
                && c * (xs[current] - x) + s * (ys[current] - y) <= 0) {
            fromX = xs[current];
            fromY = ys[current];
            current++;
            reached++;
        }
        if (current >= xs.length) {
            linear = angular = 0;
            goalX = x;
            goalY = y;
            return reached;
        }
        goal(x, y);
        double dx = goalX - x;
        double dy = goalY - y;
        double ahead = c * dx + s * dy; // goal in the robot's frame: x forward, y left
        double left = -s * dx + c * dy;
        double d2 = dx * dx + dy * dy;
        if (ahead <= 0 || d2 == 0) {
            linear = 0; // behind (or on) the robot: turn towards it on the spot
            angular = left >= 0 ? maxTurnRadPerS : -maxTurnRadPerS;
            return reached;
        }
        double curvature = 2 * left / d2;
        linear = cruiseMps;
        angular = linear * curvature;
        if (Math.abs(angular) > maxTurnRadPerS) {
            angular = Math.copySign(maxTurnRadPerS, angular);
            linear = maxTurnRadPerS / Math.abs(curvature);
        }
        return reached;
    }

    /** Sets the goal point on the leg from (fromX, fromY) to the current waypoint. */
    private void goal(double x, double y) {
        double wx = xs[current];
        double wy = ys[current];
        if (Math.hypot(wx - x, wy - y) <= lookaheadM) {
            goalX = wx;
            goalY = wy;
            return;
        }
        double ex = wx - fromX;
        double ey = wy - fromY;
        double len2 = ex * ex + ey * ey;
        if (len2 == 0) {
            goalX = wx;
            goalY = wy;
            return;
        }
        // |from + t·e - p|² = L²: a·t² + 2·b·t + c = 0 with a = |e|², b = e·(from - p), c = |from - p|² - L².
        double fx = fromX - x;
        double fy = fromY - y;
        double b = ex * fx + ey * fy;
        double cc = fx * fx + fy * fy - lookaheadM * lookaheadM;
        double disc = b * b - len2 * cc;
        double t;
        if (disc >= 0) {
            t = (-b + Math.sqrt(disc)) / len2; // the crossing furthest along the leg
        } else {
            t = -b / len2; // the circle misses the leg: its closest point
        }
        t = Math.max(0, Math.min(1, t));
        goalX = fromX + t * ex;
        goalY = fromY + t * ey;
    }

    double linear() {
        return linear;
    }

    double angular() {
        return angular;
    }

    double goalX() {
        return goalX;
    }

    double goalY() {
        return goalY;
    }
}
