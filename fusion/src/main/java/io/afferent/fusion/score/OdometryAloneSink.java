package io.afferent.fusion.score;

import io.afferent.api.PortableMath;
import io.afferent.api.Input;
import io.afferent.api.Robot;
import io.afferent.api.Sink;
import io.afferent.api.msg.Wheels;
import io.afferent.api.truth.GroundTruth;
import io.afferent.api.truth.TruthState;

/**
 * The wheel odometry alone, as a baseline for the fused pose: dead reckoning of the encoder ticks with the
 * profile's robot geometry (midpoint rule), from the true pose at the first wheel sample. Records the pose
 * (in the simulator's east-north frame) at each sample's acquisition time, for {@link BaselineScore} after the
 * run. Made on the set-up thread; {@link #onMessage} on its sink thread.
 */
final class OdometryAloneSink implements Sink<Wheels> {
    static final int EAST = 0, NORTH = 1, HEADING = 2;
    /** Track entries kept before the track is thinned: 2 MB, 5 minutes of samples at 200 Hz. */
    static final int MAX_TRACK = 1 << 16;

    private final String topic;
    private final Robot robot;
    private final GroundTruth truth;
    private final TruthState state = new TruthState();
    private final Series track;
    private boolean started;
    private long lastLeftTicks, lastRightTicks;
    private double eastM, northM, headingRad;

    OdometryAloneSink(String topic, Robot robot, GroundTruth truth, int maxTrack) {
        this.topic = topic;
        this.robot = robot;
        this.truth = truth;
        this.track = new Series(3, maxTrack);
    }

    @Override
    public void onMessage(Wheels w, Input input) {
        long t = input.originNanos();
        if (!started) {
            truth.truthAt(t, state);
            eastM = state.eastM;
            northM = state.northM;
            headingRad = state.headingRad;
            started = true;
        } else {
            int ticksPerRev = w.ticksPerRevolution > 0 ? w.ticksPerRevolution : robot.encoderTicksPerRev();
            double metresPerTick = 2 * Math.PI * robot.wheelRadiusM() / ticksPerRev;
            double dl = (w.leftTicks - lastLeftTicks) * metresPerTick;
            double dr = (w.rightTicks - lastRightTicks) * metresPerTick;
            double ds = 0.5 * (dl + dr);
            double dth = (dr - dl) / robot.wheelBaseM();
            double mid = headingRad + 0.5 * dth;
            eastM += ds * PortableMath.cos(mid);
            northM += ds * PortableMath.sin(mid);
            headingRad += dth;
        }
        lastLeftTicks = w.leftTicks;
        lastRightTicks = w.rightTicks;
        int i = track.add(t);
        if (i >= 0) {
            track.set(i, EAST, eastM);
            track.set(i, NORTH, northM);
            track.set(i, HEADING, headingRad);
        }
    }

    String topic() {
        return topic;
    }

    Series track() {
        return track;
    }
}
