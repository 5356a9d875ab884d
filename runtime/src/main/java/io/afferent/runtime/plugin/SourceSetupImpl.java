package io.afferent.runtime.plugin;

import io.afferent.api.SourceSetup;
import io.afferent.config.SourceConfig;

/** {@link SourceSetup} of one source. Set-up thread. */
final class SourceSetupImpl extends BaseSetup implements SourceSetup {
    private final SourceConfig config;

    SourceSetupImpl(RunContext run, SourceConfig config) {
        super(run, config.name(), "sources." + config.name(), config.location(), config.params());
        this.config = config;
    }

    @Override
    public double rateHz() {
        return config.rateHz();
    }

    @Override
    public long periodNanos() {
        return config.periodic() ? config.periodNanos() : 0;
    }
}
