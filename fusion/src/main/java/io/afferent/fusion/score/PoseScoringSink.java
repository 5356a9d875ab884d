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
 * matter. The times it scored at (whether the GPS was in use then, and the truth at that time) are kept as the
 * grid on which the baselines ({@link BaselineScore}) are scored after the run. The truth is taken now, not after
 * the run: a simulated robot that follows commands keeps only its last seconds of history.
 *
 * <p>Made on the set-up thread; {@link #onMessage} on the sink thread; the results after it ended.
 */
final class PoseScoringSink implements Sink<Pose> {
    /** Grid columns: 1 while the GPS was in use (no dead reckoning), else 0; then the truth at that time. */
    static final int GPS = 0, TRUE_EAST = 1, TRUE_NORTH = 2, TRUE_HEADING = 3, TRUE_LAT = 4, TRUE_LON = 5, COLUMNS = 6;
    /**
     * Grid points kept before the grid is thinned: 3.5 MB, about a minute of poses at 1 kHz (a run's heap is
     * small: 64 MB in the launcher).
     */
    static final int MAX_GRID = 1 << 16;

    private final GroundTruth truth;
    private final TruthState state = new TruthState();
    private final FusionScore score = new FusionScore();
    private final Series grid;
    private final ScoringFrame frame = new ScoringFrame();

    PoseScoringSink(GroundTruth truth, int maxGrid) {
        this.truth = truth;
        this.grid = new Series(COLUMNS, maxGrid);
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
        addPoint(grid, s.timeNanos, gpsAvailable, state);
    }

    /** Adds a grid point at {@code t} with the truth {@code at} that time (unless the grid's stride skips it). */
    static void addPoint(Series grid, long t, boolean gpsAvailable, TruthState at) {
        int i = grid.add(t);
        if (i >= 0) {
            grid.set(i, GPS, gpsAvailable ? 1 : 0);
            grid.set(i, TRUE_EAST, at.eastM);
            grid.set(i, TRUE_NORTH, at.northM);
            grid.set(i, TRUE_HEADING, at.headingRad);
            grid.set(i, TRUE_LAT, at.latitudeDeg);
            grid.set(i, TRUE_LON, at.longitudeDeg);
        }
    }

    FusionScore score() {
        return score;
    }

    Series grid() {
        return grid;
    }
}
