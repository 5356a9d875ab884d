package io.afferent.sim;

import io.afferent.api.ConfigError;
import io.afferent.api.OutputType;
import io.afferent.api.Params;
import io.afferent.api.SafeOutputStage;
import io.afferent.api.Stage;
import io.afferent.api.msg.GpsFix;
import io.afferent.api.msg.Imu;
import io.afferent.api.msg.Pose;
import io.afferent.api.msg.WheelCmd;
import io.afferent.api.msg.Wheels;
import io.afferent.api.truth.TruthState;
import io.afferent.config.StageConfig;
import io.afferent.control.WaypointFollowerStage;
import io.afferent.fusion.FusionParams;
import io.afferent.fusion.FusionProcessor;
import io.afferent.fusion.score.FusionScore;
import io.afferent.runtime.plugin.RunContext;
import io.afferent.sim.drive.SimDrive;
import io.afferent.sim.sensor.SimSource;
import io.afferent.sim.world.Geo;
import io.afferent.sim.world.World;

import java.util.ArrayList;
import java.util.List;

/**
 * A closed-loop profile (simulated sources, a {@code fusion} stage, a {@code waypoint-follower} and a {@code sim-drive}
 * output, as {@code sim-waypoints.yaml}) with the real parts wired as a run wires them, driven by one controller
 * thread: each sensor sample goes to fusion with its timeline time as acquisition time, each pose to the follower,
 * each {@code wheel_cmd} through the output's safety layer to the simulated drive, synchronously. {@link #feed}
 * takes the samples in time order; where they come from (virtual time, or reader threads on the monotonic clock) is
 * the caller's. Every pose and command is kept, as bits, for comparisons; each waypoint's arrival is scored against
 * the ground truth. Controller thread only, after set-up.
 */
final class ClosedLoop {
    /** One waypoint reached: when, and how far the fused pose and the true position were from it. */
    record Arrival(int index, double timeS, double poseDistanceM, double trueDistanceM, double fixErrorM) {
        @Override
        public String toString() {
            return String.format("wp %d at %.2f s: pose %.2f m, true %.2f m (last fix %.2f m off)", index + 1, timeS,
                    poseDistanceM, trueDistanceM, fixErrorM);
        }
    }

    final TestWorlds.Built built;
    final World world;
    private final Geo geo;
    private long now;
    private final FusionProcessor fusion;
    private final LoopStageSetup fusionSetup;
    private final LoopStageSetup followSetup;
    private final LoopStageSetup motorsSetup;
    private final Stage motors;
    private final double[] wpEast;
    private final double[] wpNorth;
    final FusionScore score = new FusionScore();
    final List<Arrival> arrivals = new ArrayList<>();
    /** Bits of every pose (time, x, y, heading) and command (origin, left, right), in order. */
    final List<long[]> poses = new ArrayList<>();
    final List<long[]> commands = new ArrayList<>();
    private final TruthState truth = new TruthState();
    private boolean gpsAvailable;
    /** Horizontal error of the last valid fix (the receiver's own error). */
    private double fixErrorM = Double.NaN;
    /** Index in {@link #commands} of the first command the drive applied late, or -1. */
    int firstLateCommand = -1;
    /** Simulated time (s) of the cause of the first few late commands. */
    final List<Double> lateCauseSeconds = new ArrayList<>();
    private long poseSeq;
    private long cmdSeq;

    private ClosedLoop(String yaml, long originNanos) throws Exception {
        this.built = TestWorlds.build(yaml, originNanos);
        RunContext run = built.run().run;
        this.world = built.factory().world();
        this.geo = world.geo();
        io.afferent.api.Clock clock = () -> now;
        StageConfig fusionConfig = stage("fusion");
        this.fusionSetup = new LoopStageSetup(fusionConfig, run, clock);
        FusionParams fp = FusionParams.fromParams(fusionSetup.params(), run.robot(), fusionSetup.deadlineNanos());
        this.fusion = FusionProcessor.create(fp, clock, fusionSetup.output("pose", Pose.TYPE), fusionSetup::counter);
        StageConfig followConfig = stage("waypoint-follower");
        this.followSetup = new LoopStageSetup(followConfig, run, clock);
        WaypointFollowerStage.create(followSetup);
        StageConfig motorsConfig = stage("sim-drive");
        this.motorsSetup = new LoopStageSetup(motorsConfig, run, clock);
        this.motors = SafeOutputStage.create(motorsSetup, new OutputType<>("sim-drive", WheelCmd.TYPE, SimDrive::create));
        List<Params> wps = followSetup.params().maps("waypoints", "waypoint");
        wpEast = new double[wps.size()];
        wpNorth = new double[wps.size()];
        for (int i = 0; i < wps.size(); i++) {
            wpEast[i] = wps.get(i).number("east_m", 0, -1e7, 1e7);
            wpNorth[i] = wps.get(i).number("north_m", 0, -1e7, 1e7);
        }
        String poseTopic = followConfig.inputs().get(0);
        String cmdTopic = motorsConfig.inputs().get(0);
        fusionSetup.<Pose>onPublish("pose", (p, origin, chain) -> {
            poses.add(new long[]{p.timeNanos, Double.doubleToRawLongBits(p.xM), Double.doubleToRawLongBits(p.yM),
                    Double.doubleToRawLongBits(p.headingRad)});
            score(p);
            long before = followSetup.count("waypoints_reached");
            followSetup.deliver(poseTopic, Pose.TYPE, p, origin, now, poseSeq++);
            long after = followSetup.count("waypoints_reached");
            for (long i = before; i < after; i++) {
                arrived((int) i, p);
            }
        });
        followSetup.<WheelCmd>onPublish("wheel_cmd", (c, origin, chain) -> {
            commands.add(new long[]{origin, Double.doubleToRawLongBits(c.leftMps), Double.doubleToRawLongBits(c.rightMps)});
            long lateBefore = motorsSetup.count("late_commands");
            motorsSetup.deliver(cmdTopic, WheelCmd.TYPE, c, origin, now, cmdSeq++);
            if (motorsSetup.count("late_commands") > lateBefore) {
                if (firstLateCommand < 0) {
                    firstLateCommand = commands.size() - 1;
                }
                if (lateCauseSeconds.size() < 5) {
                    lateCauseSeconds.add(Math.round(world.seconds(origin) * 1000) / 1000.0);
                }
            }
        });
    }

    static ClosedLoop of(String yaml, long originNanos) throws Exception {
        return new ClosedLoop(yaml, originNanos);
    }

    private StageConfig stage(String type) throws ConfigError {
        return built.profile().stages().stream().filter(s -> s.type().equals(type)).findFirst()
                .orElseThrow(() -> new ConfigError("the profile has no " + type + " stage"));
    }

    /** Runs the loop in virtual time for {@code durationNanos} of simulated time. */
    ClosedLoop virtual(long durationNanos) {
        new io.afferent.sim.run.VirtualRun(built.sources()).runFor(durationNanos, (i, s, m, t) -> feed(s, m, t));
        return this;
    }

    /** One sensor sample, acquired at {@code acquiredNanos}, into the loop (samples in time order). */
    void feed(SimSource<?> source, Object m, long acquiredNanos) {
        now = Math.max(now, acquiredNanos);
        switch (m) {
            case Imu i -> fusion.onImu(i, acquiredNanos, 0);
            case Wheels w -> fusion.onWheels(w, acquiredNanos, 0);
            case GpsFix g -> {
                gpsAvailable = TestWorlds.valid(source, m) && g.has(GpsFix.POSITION) && g.fixQuality != GpsFix.QUALITY_INVALID;
                if (gpsAvailable) {
                    world.truthAt(acquiredNanos, truth);
                    fixErrorM = Math.hypot(geo.eastM(g.longitudeDeg) - truth.eastM, geo.northM(g.latitudeDeg) - truth.northM);
                }
                fusion.onGps(g, acquiredNanos, 0);
            }
            default -> throw new IllegalArgumentException("not an input of fusion: " + m);
        }
    }

    private void score(Pose e) {
        if (Double.isNaN(e.latitudeDeg)) {
            return;
        }
        world.truthAt(e.timeNanos, truth);
        score.add(geo.eastM(e.longitudeDeg), geo.northM(e.latitudeDeg), e.headingRad, truth.eastM, truth.northM,
                truth.headingRad, gpsAvailable);
    }

    /** Scores waypoint {@code i}: its place on the ground is where the pose's frame puts it (through latitude/longitude). */
    private void arrived(int i, Pose p) {
        world.truthAt(p.timeNanos, truth);
        double dx = wpEast[i] - p.xM, dy = wpNorth[i] - p.yM;
        double wE = geo.eastM(p.longitudeDeg) + dx, wN = geo.northM(p.latitudeDeg) + dy;
        arrivals.add(new Arrival(i, world.seconds(p.timeNanos), Math.hypot(dx, dy),
                Math.hypot(truth.eastM - wE, truth.northM - wN), fixErrorM));
    }

    java.util.Map<String, java.util.concurrent.atomic.AtomicLong> fusionCounters() {
        return fusionSetup.counters;
    }

    long counter(String stage, String name) {
        return switch (stage) {
            case "follow" -> followSetup.count(name);
            case "motors" -> motorsSetup.count(name);
            default -> throw new IllegalArgumentException(stage);
        };
    }

    /** The set-up the sim-drive output was made with (to make another actuator on the same world). */
    LoopStageSetup motorsSetup() {
        return motorsSetup;
    }

    void close() {
        motors.close();
    }
}
