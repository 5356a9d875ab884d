package io.afferent.fusion.score;

/**
 * Scores a baseline's track (the GPS alone, the odometry alone) on the fused pose's grid: at each time the
 * pose was scored, the baseline's latest estimate from inputs acquired before that time is compared with the
 * truth then (recorded in the grid when the pose was scored), with the same notion of a GPS outage as the pose had. Strictly before: the pose that ends a GPS
 * outage is published (dead-reckoned) before the fix of the same instant is fused, and the GPS alone must not
 * see that fix there either. Grid times before the baseline's first estimate are left out. Main thread, after
 * the sinks ended (allocation-free but for the result).
 */
final class BaselineScore {
    private BaselineScore() {
    }

    /** The GPS alone: its track holds latitude, longitude and heading (NaN: none yet). */
    static FusionScore gps(Series grid, Series track) {
        return score(grid, track, true);
    }

    /** The odometry alone: its track holds east and north (the simulator's frame, as the truth's) and heading. */
    static FusionScore odometry(Series grid, Series track) {
        return score(grid, track, false);
    }

    private static FusionScore score(Series grid, Series track, boolean geographic) {
        FusionScore score = new FusionScore();
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
            double trueLat = grid.value(i, PoseScoringSink.TRUE_LAT), trueLon = grid.value(i, PoseScoringSink.TRUE_LON);
            double estEast, estNorth, trueEast, trueNorth;
            if (geographic) {
                frame.referenceOnce(trueLat, trueLon);
                estEast = frame.east(track.value(j, GpsAloneSink.LON));
                estNorth = frame.north(track.value(j, GpsAloneSink.LAT));
                trueEast = frame.east(trueLon);
                trueNorth = frame.north(trueLat);
            } else {
                estEast = track.value(j, OdometryAloneSink.EAST);
                estNorth = track.value(j, OdometryAloneSink.NORTH);
                trueEast = grid.value(i, PoseScoringSink.TRUE_EAST);
                trueNorth = grid.value(i, PoseScoringSink.TRUE_NORTH);
            }
            score.add(estEast, estNorth, track.value(j, 2), trueEast, trueNorth,
                    grid.value(i, PoseScoringSink.TRUE_HEADING), grid.value(i, PoseScoringSink.GPS) != 0);
        }
        return score;
    }
}
