package io.afferent.fusion.score;

import io.afferent.api.ConfigError;
import io.afferent.api.ExtensionFactory;
import io.afferent.api.ExtensionSetup;
import io.afferent.api.TopicInfo;
import io.afferent.api.msg.GpsFix;
import io.afferent.api.msg.Pose;
import io.afferent.api.msg.Wheels;
import io.afferent.api.truth.GroundTruth;

import java.util.List;
import java.util.Optional;

/**
 * The extension {@code fusion-score}: when the run has ground truth (the simulator's {@link GroundTruth}
 * service) and topics of type {@code pose}, a lagging sink per pose topic ({@code STAGE-score}) scores it
 * against the truth, and sinks on the first {@code gps-fix} and {@code wheels} topics record what the GPS alone
 * and the odometry alone achieve on the same drive, scored on the pose's grid after the run. The report
 * section {@code fusion} holds the scores (null without ground truth). Set-up thread.
 */
public final class FusionScoreExtension implements ExtensionFactory {
    public static final String NAME = "fusion-score";

    @Override
    public void configure(ExtensionSetup setup) throws ConfigError {
        setup.params().rejectUnknownKeys();
        Optional<GroundTruth> found = setup.service(GroundTruth.class);
        FusionScoreSection section = new FusionScoreSection();
        setup.report(section);
        List<TopicInfo> poses = setup.topics().stream().filter(t -> t.type().javaClass() == Pose.class).toList();
        if (found.isEmpty() || poses.isEmpty()) {
            return;
        }
        GroundTruth truth = found.get();
        GpsAloneSink gps = null;
        OdometryAloneSink odometry = null;
        for (TopicInfo t : setup.topics()) {
            if (gps == null && t.type().javaClass() == GpsFix.class) {
                gps = new GpsAloneSink(t.name(), GpsAloneSink.MAX_TRACK);
                setup.sink("gps-alone-" + t.name(), t.name(), GpsFix.TYPE, gps);
            } else if (odometry == null && t.type().javaClass() == Wheels.class) {
                odometry = new OdometryAloneSink(t.name(), setup.robot(), truth, OdometryAloneSink.MAX_TRACK);
                setup.sink("odometry-alone-" + t.name(), t.name(), Wheels.TYPE, odometry);
            }
        }
        for (TopicInfo pose : poses) {
            String label = label(pose);
            PoseScoringSink sink = new PoseScoringSink(truth, PoseScoringSink.MAX_GRID);
            setup.sink(label + "-score", pose.name(), Pose.TYPE, sink);
            section.add(label, pose.name(), sink, gps, odometry);
        }
    }

    /** The publishing stage's name ({@code "stage fusion"} → {@code fusion}), else the topic's. */
    private static String label(TopicInfo t) {
        String p = t.publisher();
        return p != null && p.startsWith("stage ") ? p.substring("stage ".length()) : t.name();
    }
}
