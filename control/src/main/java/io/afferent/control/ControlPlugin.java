package io.afferent.control;

import io.afferent.api.AfferentPlugin;
import io.afferent.api.Registry;
import io.afferent.api.StageType;
import io.afferent.api.msg.WheelCmd;

/**
 * Afferent's control plugin, registered as any user's plugin is (listed in
 * {@code META-INF/services/io.afferent.api.AfferentPlugin}): the stage type {@code waypoint-follower} with its
 * output port {@code wheel_cmd}.
 */
public final class ControlPlugin implements AfferentPlugin {
    @Override
    public String name() {
        return "control";
    }

    @Override
    public void register(Registry registry) {
        registry.stage(StageType.of(WaypointFollowerStage.TYPE, WaypointFollowerStage::create)
                .output(WaypointFollowerStage.PORT, WheelCmd.TYPE));
    }
}
