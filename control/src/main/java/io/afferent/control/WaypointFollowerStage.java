package io.afferent.control;

import io.afferent.api.ConfigError;
import io.afferent.api.Counter;
import io.afferent.api.Input;
import io.afferent.api.Output;
import io.afferent.api.Params;
import io.afferent.api.PortableMath;
import io.afferent.api.Stage;
import io.afferent.api.StageSetup;
import io.afferent.api.msg.Digital;
import io.afferent.api.msg.Pose;
import io.afferent.api.msg.WheelCmd;
import io.afferent.api.truth.GroundTruth;
import io.afferent.api.truth.TruthState;

/**
 * Stage type {@code waypoint-follower}: subscribes a {@code pose} topic (and, optionally, {@code digital} topics
 * that act as emergency stops: high means stop) and publishes a {@link WheelCmd} on its port {@code wheel_cmd}
 * after every pose, steering by {@link PurePursuit} through the profile's waypoints in order; a waypoint is reached
 * within {@code arrival_radius} once the robot has drawn level with it (its closest approach).
 *
 * <p>It publishes a stop command ({@link WheelCmd#stop} set, every speed zero):
 * <ul>
 * <li>at once when an e-stop input goes high, and after every pose while it is high;</li>
 * <li>while the pose is invalid: no absolute position yet ({@link Pose#POSITION_ABSOLUTE} clear), an input the
 * estimator marks failed (timeout, stuck, errors), or the estimator's own {@link Pose#EMERGENCY_STOP};</li>
 * <li>while geographic waypoints cannot be placed yet (the pose has no latitude/longitude);</li>
 * <li>once the last waypoint was reached.</li>
 * </ul>
 * Counters: {@code waypoints_reached}, {@code estop} (activations), {@code invalid_pose} (entries into the invalid
 * state, not poses). Written on the public API only, as a user's stage would be; shipped as a built-in type so
 * that {@code sim-waypoints.yaml} runs out of the distribution. Every method on the stage thread; no allocation per
 * message.
 */
public final class WaypointFollowerStage implements Stage {
    public static final String TYPE = "waypoint-follower";
    public static final String PORT = "wheel_cmd";

    private final Waypoints waypoints;
    private final double cruiseMps;
    private final double lookaheadM;
    private final double arrivalRadiusM;
    private final double maxTurnRadPerS;
    private PurePursuit pursuit;
    private final double trackM;
    private final Output<WheelCmd> out;
    private final Counter reached;
    private final Counter estopActivations;
    private final Counter invalidPoses;
    private boolean estop;
    private boolean invalid;
    /** In a simulated run: the truth, to say how far from each waypoint the robot really was when it arrived. */
    private final GroundTruth truth;
    private final TruthState truthState = new TruthState();
    private final long originNanos;
    private static final System.Logger LOG = System.getLogger(WaypointFollowerStage.class.getName());

    private WaypointFollowerStage(StageSetup setup) throws ConfigError {
        Params p = setup.params();
        this.waypoints = Waypoints.of(p);
        this.cruiseMps = p.number("cruise_speed", 0.5, 0.01, 20);
        this.lookaheadM = p.number("lookahead", 1.0, 0.05, 1000);
        this.arrivalRadiusM = p.number("arrival_radius", 0.5, 0.01, 1000);
        this.maxTurnRadPerS = p.number("max_turn_rate", 1.5, 0.01, 100);
        p.rejectUnknownKeys();
        this.trackM = setup.robot().wheelBaseM();
        this.pursuit = new PurePursuit(waypoints.x, waypoints.y, cruiseMps, lookaheadM, arrivalRadiusM, maxTurnRadPerS);
        this.out = setup.output(PORT, WheelCmd.TYPE);
        this.reached = setup.counter("waypoints_reached");
        this.estopActivations = setup.counter("estop");
        this.invalidPoses = setup.counter("invalid_pose");
        this.truth = setup.service(GroundTruth.class).orElse(null);
        this.originNanos = setup.originNanos();
        if (setup.inputs().isEmpty()) {
            throw setup.error("inputs: expected a pose topic (and optionally digital e-stop topics)");
        }
        for (String topic : setup.inputs()) {
            setup.subscribe(topic).on(Pose.TYPE, this::onPose).on(Digital.TYPE, this::onStop);
        }
    }

    public static Stage create(StageSetup setup) throws ConfigError {
        return new WaypointFollowerStage(setup);
    }

    private void onPose(Pose pose, Input in) {
        boolean bad = !valid(pose.flags);
        if (bad && !invalid) {
            invalidPoses.increment();
        }
        invalid = bad;
        if (estop || bad || !waypoints.placed() && !placeWaypoints(pose)) {
            stop();
            return;
        }
        int before = pursuit.current();
        int n = pursuit.step(pose.xM, pose.yM, pose.headingRad);
        if (n > 0) {
            reached.add(n);
            for (int i = before; i < before + n; i++) {
                arrived(i, pose);
            }
        }
        if (pursuit.finished()) {
            stop();
            return;
        }
        out.claim().set(pursuit.linear(), pursuit.angular(), trackM);
        out.publish();
    }

    /**
     * One log line per waypoint reached (a handful per run, so the allocation does not matter): when, and how far
     * from the waypoint the pose and, in a simulated run, the true position were.
     */
    private void arrived(int i, Pose pose) {
        double wx = waypoints.x[i];
        double wy = waypoints.y[i];
        StringBuilder sb = new StringBuilder("stage follow: waypoint ").append(i + 1).append('/').append(waypoints.x.length)
                .append(" (").append(round(wx)).append(", ").append(round(wy)).append(") reached at ")
                .append(round((pose.timeNanos - originNanos) * 1e-9)).append(" s, pose ")
                .append(round(Math.hypot(pose.xM - wx, pose.yM - wy))).append(" m from it");
        if (truth != null) {
            truth.truthAt(pose.timeNanos, truthState);
            sb.append(", true position ").append(round(trueDistanceM(pose, wx, wy, truthState))).append(" m from it");
        }
        LOG.log(System.Logger.Level.INFO, sb.toString());
    }

    /**
     * How far the true position is from waypoint (wx, wy) of the pose's frame, on the ground: the waypoint is placed
     * through the pose's own latitude/longitude (where the pose's frame puts it), so the figure does not depend on
     * where the estimator put its origin (the first fix, unless configured) relative to the simulator's.
     */
    static double trueDistanceM(Pose pose, double wx, double wy, TruthState truth) {
        double cosLat = PortableMath.cos(Math.toRadians(pose.latitudeDeg));
        double east = Math.toRadians(truth.longitudeDeg - pose.longitudeDeg) * cosLat * Waypoints.EARTH_RADIUS_M;
        double north = Math.toRadians(truth.latitudeDeg - pose.latitudeDeg) * Waypoints.EARTH_RADIUS_M;
        return Math.hypot(pose.xM + east - wx, pose.yM + north - wy);
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private boolean placeWaypoints(Pose pose) {
        if (!waypoints.place(pose.xM, pose.yM, pose.latitudeDeg, pose.longitudeDeg)) {
            return false;
        }
        pursuit = new PurePursuit(waypoints.x, waypoints.y, cruiseMps, lookaheadM, arrivalRadiusM, maxTurnRadPerS); // once
        return true;
    }

    private void onStop(Digital d, Input in) {
        if (d.high && !estop) {
            estopActivations.increment();
        }
        estop = d.high;
        if (estop) {
            stop(); // at once, not at the next pose
        }
    }

    private void stop() {
        out.claim().stop();
        out.publish();
    }

    /** A pose to steer by: absolute position, no failed input, no e-stop flagged by the estimator. */
    static boolean valid(int flags) {
        if ((flags & Pose.POSITION_ABSOLUTE) == 0 || (flags & Pose.EMERGENCY_STOP) != 0) {
            return false;
        }
        return (Pose.source(flags, Pose.IMU) & Pose.FAILED) == 0
                && (Pose.source(flags, Pose.WHEELS) & Pose.FAILED) == 0
                && (Pose.source(flags, Pose.GPS) & Pose.FAILED) == 0;
    }

    @Override
    public void warmUp() {
        // A detached copy of the controller (not the run's state or outputs), stepped so that it is compiled now.
        PurePursuit copy = new PurePursuit(waypoints.x, waypoints.y, cruiseMps, lookaheadM, arrivalRadiusM, maxTurnRadPerS);
        WheelCmd scratch = new WheelCmd();
        for (int i = 0; i < 20_000; i++) {
            copy.step(waypoints.x[0] - 3 + (i % 7), waypoints.y[0] + (i % 5) - 2, (i % 13) * 0.5);
            scratch.set(copy.linear(), copy.angular(), trackM);
            valid(i);
        }
    }

    @Override
    public void appendStatus(StringBuilder sb) {
        sb.append(" wp ").append(pursuit.current()).append('/').append(pursuit.count());
        if (estop) {
            sb.append(" E-STOP");
        } else if (invalid) {
            sb.append(" pose-invalid");
        }
    }
}
