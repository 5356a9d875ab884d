package com.example.battery;

import io.afferent.api.AfferentPlugin;
import io.afferent.api.Registry;
import io.afferent.api.SourceType;
import io.afferent.api.StageType;

/** The plugin: listed in META-INF/services/io.afferent.api.AfferentPlugin, found by Afferent with ServiceLoader. */
public final class BatteryPlugin implements AfferentPlugin {
    @Override
    public String name() {
        return "example-battery";
    }

    @Override
    public void register(Registry registry) {
        registry.source(SourceType.periodic("sim-battery", BatteryState.TYPE, SimBattery::create));
        registry.stage(StageType.of("power-budget", PowerBudgetStage::create).output("range", RangeEstimate.TYPE));
    }
}
