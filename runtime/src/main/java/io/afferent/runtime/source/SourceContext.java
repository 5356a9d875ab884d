package io.afferent.runtime.source;

import io.afferent.runtime.clock.NanoClock;
import io.afferent.runtime.timing.Counter;

/** What the runtime gives a source when it opens. Single thread: the source's reader thread. */
public interface SourceContext {
    String sourceName();

    NanoClock clock();

    /**
     * A counter of rejected input for one reason (bad checksum, truncated frame...), created once at
     * open time and incremented on the hot path; the report lists rejections by reason.
     */
    Counter rejectCounter(String reason);

    /** Records that the device went away or came back (rare; shown in the status line and report). */
    void connectionChanged(boolean connected, String detail);

    /** False once the run is stopping; long waits inside a source should give up when it turns false. */
    boolean running();
}
