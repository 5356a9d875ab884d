package io.afferent.runtime.plugin;

import io.afferent.api.AfferentPlugin;
import io.afferent.api.Registry;
import io.afferent.runtime.stage.CountStage;

/** The core's own types: stage {@code count}. Registered like any plugin's. */
public final class CorePlugin implements AfferentPlugin {
    @Override
    public String name() {
        return "core";
    }

    @Override
    public void register(Registry registry) {
        registry.stage("count", CountStage::create);
    }
}
