package io.afferent.api;

/** What the runtime gives a source when it opens. Single thread: the source's reader thread. */
public interface SourceContext {
    String sourceName();

    Clock clock();

    /**
     * A counter of rejected input for one reason (bad checksum, truncated frame...), created at open and
     * incremented on the hot path; the report lists rejections by reason.
     */
    Counter rejectCounter(String reason);

    /** Records that the device went away or came back (rare; shown in the status line, the report and events). */
    void connectionChanged(boolean connected, String detail);

    /** False once the run is stopping: long waits inside a source give up when it turns false. */
    boolean running();
}
