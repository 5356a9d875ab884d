package io.afferent.fusion;

import io.afferent.api.msg.Pose;
import io.afferent.fusion.score.FusionScoreExtension;
import io.afferent.runtime.plugin.PluginLoader;
import io.afferent.runtime.plugin.PluginRegistry;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fusion plugin is found and registered exactly as a user's plugin is: the runtime's loader, ServiceLoader. */
class FusionPluginTest {
    @Test
    void theRuntimesLoaderFindsTheStageItsPortAndTheScoringExtension() {
        PluginRegistry r = PluginLoader.load(List.of());
        assertTrue(r.plugins().stream().anyMatch(p -> p.startsWith("plugin 'fusion' (class path)")), r.plugins().toString());
        assertEquals(Map.of("pose", Pose.TYPE), r.stage(FusionStage.TYPE).outputs());
        assertEquals(Pose.TYPE, r.message("pose"));
        assertTrue(r.extensions().get("fusion-score") instanceof FusionScoreExtension, r.extensions().toString());
    }
}
