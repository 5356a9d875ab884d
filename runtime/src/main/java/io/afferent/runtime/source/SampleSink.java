package io.afferent.runtime.source;

import io.afferent.runtime.sample.Sample;

/**
 * Where a {@link StreamSource} puts its samples: claim, fill, publish, in that order, one at a time.
 * Single thread: the reader thread.
 */
public interface SampleSink {
    /**
     * A sample reset to the source's kind, to be filled in place. The source must set
     * {@link Sample#acquiredNanos} (the arrival time of the first byte of the frame). When the ring is
     * full under the drop policy this is a scratch sample that {@link #publish()} counts as dropped.
     */
    Sample claim();

    /** Publishes the claimed sample. */
    void publish();
}
