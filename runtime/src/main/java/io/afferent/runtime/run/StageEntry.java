package io.afferent.runtime.run;

import io.afferent.config.StageConfig;
import io.afferent.runtime.stage.FanInStage;
import io.afferent.runtime.thread.ManagedThread;
import io.afferent.runtime.timing.Counter;
import io.afferent.runtime.wait.StageWakeup;

import java.util.Map;

/** A stage of a built pipeline: its loop, its wake-up and the thread that runs it. */
record StageEntry(StageConfig config, FanInStage stage, StageWakeup wakeup, ManagedThread thread,
                  Map<String, Counter> counters) {
    /** Messages the stage took from all its inputs so far: progress, for the shutdown. */
    long consumed() {
        long n = 0;
        for (Counter c : stage.stats().consumedByInput().values()) {
            n += c.get();
        }
        return n;
    }
}
