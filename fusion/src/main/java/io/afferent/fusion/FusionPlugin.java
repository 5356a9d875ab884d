package io.afferent.fusion;

import io.afferent.api.AfferentPlugin;
import io.afferent.api.Registry;
import io.afferent.api.StageType;
import io.afferent.api.msg.Pose;
import io.afferent.fusion.score.FusionScoreExtension;

/**
 * Afferent's fusion plugin, registered as any user's plugin is (listed in
 * {@code META-INF/services/io.afferent.api.AfferentPlugin}): the stage type {@code fusion} with its output port
 * {@code pose} (which registers the message type {@code pose}) and the extension {@code fusion-score} that scores
 * every pose topic against the simulator's ground truth.
 */
public final class FusionPlugin implements AfferentPlugin {
    @Override
    public String name() {
        return "fusion";
    }

    @Override
    public void register(Registry registry) {
        registry.stage(StageType.of(FusionStage.TYPE, FusionStage::create).output(FusionStage.POSE_PORT, Pose.TYPE));
        registry.extension(FusionScoreExtension.NAME, new FusionScoreExtension());
    }
}
