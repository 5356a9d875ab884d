package io.afferent.fusion.score;

import io.afferent.api.truth.GroundTruth;
import io.afferent.api.truth.TruthState;

/**
 * Scores a baseline's track (the GPS alone, the odometry alone) on the fused pose's grid: at each time the
 * pose was scored, the baseline's latest estimate from inputs acquired before that time is compared with the
 * truth then, with the same notion of a GPS outage as the pose had. Strictly before: the pose that ends a GPS
 * outage is published (dead-reckoned) before the fix of the same instant is fused, and the GPS alone must not
 * see that fix there either. Grid times before the baseline's first estimate are left out. Main thread, after
 * the sinks ended (allocation-free but for the result).
 */
final class BaselineScore {
    private BaselineScore() {
    }

    /** The GPS alone: its track holds latitude, longitude and heading (NaN: none yet). */
    static FusionScore gps(Series grid, Series track, GroundTruth truth) {
        return score(grid, track, truth, true);
    }

    /** The odometry alone: its track holds east and north (the simulator's frame, as the truth's) and heading. */
    static FusionScore odometry(Series grid, Series track, GroundTruth truth) {
        return score(grid, track, truth, false);
    }

    private static FusionScore score(Series grid, Series track, GroundTruth truth, boolean geographic) {
        FusionScore score = new FusionScore();
        TruthState state = new TruthState();
        ScoringFrame frame = new ScoringFrame();
        int j = -1;
        for (int i = 0; i < grid.size(); i++) {
            long t = grid.time(i);
            while (j + 1 < track.size() && track.time(j + 1) < t) {
                j++;
            }
            if (j < 0) {
                continue;
            }
            truth.truthAt(t, state);
            double estEast, estNorth, trueEast, trueNorth;
            if (geographic) {
                frame.referenceOnce(state.latitudeDeg, state.longitudeDeg);
                estEast = frame.east(track.value(j, GpsAloneSink.LON));
                estNorth = frame.north(track.value(j, GpsAloneSink.LAT));
                trueEast = frame.east(state.longitudeDeg);
                trueNorth = frame.north(state.latitudeDeg);
            } else {
                estEast = track.value(j, OdometryAloneSink.EAST);
                estNorth = track.value(j, OdometryAloneSink.NORTH);
                trueEast = state.eastM;
                trueNorth = state.northM;
            }
            score.add(estEast, estNorth, track.value(j, 2), trueEast, trueNorth, state.headingRad,
                    grid.value(i, 0) != 0);
        }
        return score;
    }
}
