package io.afferent.deploy;

import io.afferent.runtime.calibrate.PlatformProbe;
import io.afferent.runtime.run.Pipeline;
import io.afferent.runtime.timing.HistSummary;

/** Runs the low-rate platform latency probe beside a pipeline: the report's {@code platform} entry. */
final class PlatformProbeAdapter implements Pipeline.Probe {
    private final PlatformProbe probe;

    PlatformProbeAdapter(PlatformProbe probe) {
        this.probe = probe;
    }

    @Override
    public void start() {
        probe.start();
    }

    @Override
    public void stop() {
        try {
            probe.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public HistSummary summary() {
        return HistSummary.of(probe.cumulativeHistogram());
    }
}
