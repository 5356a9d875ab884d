package io.afferent.runtime.source;

import io.afferent.runtime.sample.SampleKind;

/**
 * A sensor, real or simulated. A source is either a {@link PeriodicSource} (sampled by its reader on
 * an absolute timeline) or a {@link StreamSource} (produces samples as its device delivers data).
 *
 * <p>Single thread: every method is called from the source's reader thread only.
 */
public interface Source {
    /** The kind of every sample this source produces. */
    SampleKind kind();

    /**
     * Opens the device. Called on the reader thread before the first sample and again after a restart.
     * Throw to report that the device is not available; the reader applies the source's error policy.
     */
    default void open(SourceContext context) throws Exception {
    }

    /** Releases the device. Must not throw; called on the reader thread. */
    default void close() {
    }
}
