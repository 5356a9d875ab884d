package io.afferent.fusion;

import io.afferent.api.truth.GroundTruth;
import io.afferent.api.truth.TruthState;

/**
 * The {@link DriveScenario}'s truth as the simulator's ground truth service gives it: recorded every
 * millisecond of the drive, looked up at the nearest one; latitude and longitude from the scenario's origin
 * as its GPS model makes them.
 */
final class DriveTruth implements GroundTruth {
    private final double[] track;

    /** Records the truth of {@code w}: call before {@code w.run}. */
    DriveTruth(DriveScenario w) {
        this.track = new double[(int) (3 * (w.durationNanos / DriveScenario.MS + 1))];
        w.truthTrack = track;
    }

    @Override
    public long originNanos() {
        return DriveScenario.START_NANOS;
    }

    @Override
    public void truthAt(long nanos, TruthState out) {
        long k = Math.max(0, Math.min(track.length / 3 - 1, Math.round((nanos - DriveScenario.START_NANOS) / 1e6)));
        double x = track[(int) (3 * k)], y = track[(int) (3 * k + 1)];
        out.timeNanos = nanos;
        out.eastM = x;
        out.northM = y;
        out.headingRad = track[(int) (3 * k + 2)];
        out.latitudeDeg = DriveScenario.ORIGIN_LAT + Math.toDegrees(y / LocalFrame.EARTH_RADIUS_M);
        out.longitudeDeg = DriveScenario.ORIGIN_LON + Math.toDegrees(x / (LocalFrame.EARTH_RADIUS_M
                * Math.cos(Math.toRadians(DriveScenario.ORIGIN_LAT))));
    }
}
