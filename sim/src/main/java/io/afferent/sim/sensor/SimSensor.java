package io.afferent.sim.sensor;

import io.afferent.runtime.sample.Sample;
import io.afferent.runtime.sample.SampleKind;

/**
 * A simulated sensor model: its output at sample index {@code k} (time {@code origin + k·period}) is a
 * deterministic function of the seed, the world and k. Models with state (bias random walks, slip) step
 * it once per index, so calls must come with non-decreasing indices; a gap is caught up by stepping
 * every skipped index. Single thread: the owner of the {@link SimSource}.
 */
public interface SimSensor {
    SampleKind kind();

    /** Fills the payload of {@code out} (already reset to {@link #kind()}) with sample {@code index}. */
    void produce(long index, long timeNanos, Sample out);
}
