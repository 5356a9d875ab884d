package io.afferent.runtime.thread;

import io.afferent.config.ThreadSettings;
import io.afferent.runtime.rt.ThreadState;

/**
 * Applies a thread's real-time settings to the calling thread and returns what is actually in force.
 * Supplied by the composition root (it decides how strict to be); called once on each managed thread
 * as it starts. Throwing stops the run.
 */
@FunctionalInterface
public interface ThreadRtApplier {
    ThreadState apply(String threadName, ThreadSettings requested) throws Exception;
}
