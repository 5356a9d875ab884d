package io.afferent.fusion.score;

import io.afferent.api.Input;
import io.afferent.api.Sink;
import io.afferent.api.msg.Pose;
import io.afferent.api.truth.GroundTruth;
import io.afferent.api.truth.TruthState;

/**
 * Scores a pose topic against ground truth on its own sink thread: every pose that has an absolute position
 * is compared with the truth at its time of validity. Both are compared in a local east-north frame around the
 * first true position, built from latitude and longitude, so the estimator's own origin (its first fix) does not
 * matter. The times it scored at (and whether the GPS was in use then) are kept as the grid on which the
 * baselines ({@link BaselineScore}) are scored after the run.
 *
 * <p>Made on the set-up thread; {@link #onMessage} on the sink thread; the results after it ended.
 */
final class PoseScoringSink implements Sink<Pose> {
    /**
     * Grid points kept before the grid is thinned: 2 MB, about 2 minutes of poses at 1 kHz (a run's heap is
     * small: 64 MB in the launcher).
     */
    static final int MAX_GRID = 1 << 17;

    private final GroundTruth truth;
    private final TruthState state = new TruthState();
    private final FusionScore score = new FusionScore();
    /** Scored times, with 1 while the GPS was in use (no dead reckoning), else 0. */
    private final Series grid;
    private final ScoringFrame frame = new ScoringFrame();

    PoseScoringSink(GroundTruth truth, int maxGrid) {
        this.truth = truth;
        this.grid = new Series(1, maxGrid);
    }

    @Override
    public void onMessage(Pose s, Input input) {
        if ((s.flags & Pose.POSITION_ABSOLUTE) == 0) {
            return; // no absolute position yet (before the first GPS fix)
        }
        truth.truthAt(s.timeNanos, state);
        frame.referenceOnce(state.latitudeDeg, state.longitudeDeg);
        boolean gpsAvailable = (s.flags & Pose.DEAD_RECKONING) == 0;
        score.add(frame.east(s.longitudeDeg), frame.north(s.latitudeDeg), s.headingRad,
                frame.east(state.longitudeDeg), frame.north(state.latitudeDeg), state.headingRad, gpsAvailable);
        int i = grid.add(s.timeNanos);
        if (i >= 0) {
            grid.set(i, 0, gpsAvailable ? 1 : 0);
        }
    }

    FusionScore score() {
        return score;
    }

    Series grid() {
        return grid;
    }
}
