package io.afferent.api;

/**
 * A sensor, real or simulated, publishing messages of type {@code M} on its topic (named after the source in the
 * profile). Either a {@link PeriodicSource} (sampled by its reader on an absolute timeline) or a
 * {@link StreamSource} (its device delivers data at its own pace).
 *
 * <p>Single thread: every method is called from the source's reader thread ({@code reader-NAME}, or the shared
 * thread named by {@code thread:} in the profile).
 */
public interface Source<M> {
    /**
     * Opens the device. Called on the reader thread before the first sample and again after a restart (policy
     * {@code restart}). Throw to report that the device is not available; the reader applies the error policy.
     */
    default void open(SourceContext context) throws Exception {
    }

    /** Releases the device. Must not throw. */
    default void close() {
    }
}
