package io.afferent.deploy;

import io.afferent.config.ThreadSettings;
import io.afferent.runtime.rt.RealtimePlatform;
import io.afferent.runtime.rt.RtOutcome;
import io.afferent.runtime.rt.ThreadRtRequest;
import io.afferent.runtime.rt.ThreadState;
import io.afferent.runtime.thread.Log;
import io.afferent.runtime.thread.ThreadRtApplier;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Applies each thread's real-time settings through the platform and returns what the kernel reports
 * as in force. A setting that is not permitted is one warning naming what is missing and how to grant
 * it (each distinct warning once per run); under {@code --strict-rt} it stops the run with exit code 1.
 * Thread-safe: called by every managed thread as it starts.
 */
final class RtSettingsApplier implements ThreadRtApplier {
    private final RealtimePlatform platform;
    private final boolean strict;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    RtSettingsApplier(RealtimePlatform platform, boolean strict) {
        this.platform = platform;
        this.strict = strict;
    }

    static ThreadRtRequest request(ThreadSettings s) {
        return new ThreadRtRequest(s.policy(), s.priority(), s.nice(), s.cpus(), s.timerSlackNs(), s.sliceNs());
    }

    @Override
    public ThreadState apply(String threadName, ThreadSettings requested) {
        if (requested.equals(ThreadSettings.DEFAULT)) {
            return platform.currentThread();
        }
        RtOutcome outcome = platform.configureCurrentThread(request(requested));
        for (String warning : outcome.warnings()) {
            if (strict) {
                throw new IllegalStateException(threadName + ": " + warning + " (--strict-rt)");
            }
            if (warned.add(warning)) {
                Log.warn(threadName + ": " + warning);
            }
        }
        return outcome.inForce();
    }
}
