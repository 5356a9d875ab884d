package io.afferent.fusion;

import io.afferent.api.msg.Pose;
import io.afferent.fusion.score.FusionScore;

/** Drives a {@link FusionProcessor} through a {@link DriveScenario} in virtual time and scores it. */
final class FusionRun {
    final DriveScenario world;
    final FusionProcessor fusion;
    final ManualClock clock = new ManualClock(0);
    final FusionScore score = new FusionScore();
    double errorAtOutageEndM = Double.NaN;
    double recoverySeconds = Double.NaN;
    double maxErrorAfterRecoveryM;
    long outputs;

    FusionRun(DriveScenario world, FusionParams params) {
        this.world = world;
        this.fusion = FusionProcessor.create(params, clock);
    }

    FusionRun run() {
        world.run(s -> {
            clock.advanceTo(s.acquiredNanos);
            if (s.feed(fusion)) outputs++;
        }, t -> {
            Pose e = fusion.latest();
            double dx = e.xM - world.x, dy = e.yM - world.y;
            double err = Math.sqrt(dx * dx + dy * dy);
            score.add(e.xM, e.yM, e.headingRad, world.x, world.y, world.th, !world.inOutage(t));
            if (world.outageEndNanos != Long.MAX_VALUE && t >= world.outageEndNanos) {
                if (Double.isNaN(errorAtOutageEndM)) {
                    errorAtOutageEndM = score.gpsOutageErrorM();
                }
                double since = (t - world.outageEndNanos) * 1e-9;
                if (Double.isNaN(recoverySeconds) && err < 1.5) recoverySeconds = since;
                if (!Double.isNaN(recoverySeconds) && since <= 30) {
                    maxErrorAfterRecoveryM = Math.max(maxErrorAfterRecoveryM, err);
                }
            }
        });
        return this;
    }
}
