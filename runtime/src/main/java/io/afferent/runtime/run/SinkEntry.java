package io.afferent.runtime.run;

import io.afferent.runtime.stage.SinkRunner;
import io.afferent.runtime.thread.ManagedThread;

/** A lagging subscriber of a built pipeline and the thread that runs it. */
record SinkEntry(ManagedThread thread, SinkRunner runner) {
}
