package io.afferent.sim.sensor;

/**
 * A simulated sensor model: its output at sample index {@code k} (time {@code origin + k·period}) is a
 * deterministic function of the seed, the world and k. Models with state (bias random walks, slip) step
 * it once per index, so calls must come with non-decreasing indices; a gap is caught up by stepping
 * every skipped index. Single thread: the owner of the {@link SimSource}.
 *
 * @param <M> the message type it fills
 */
public interface SimSensor<M> {
    SimMessage<M> message();

    /** Fills {@code out} (already cleared) with sample {@code index}. */
    void produce(long index, long timeNanos, M out);
}
