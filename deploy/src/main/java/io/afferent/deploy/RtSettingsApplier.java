package io.afferent.deploy;

import io.afferent.config.ThreadSettings;
import io.afferent.runtime.rt.RealtimePlatform;
import io.afferent.runtime.rt.ThreadState;
import io.afferent.runtime.run.Log;
import io.afferent.runtime.run.ThreadRtApplier;

/** Applies each thread's real-time settings through the platform and reads back what is in force. */
final class RtSettingsApplier implements ThreadRtApplier {
    private final RealtimePlatform platform;
    private final boolean strict;

    RtSettingsApplier(RealtimePlatform platform, boolean strict) {
        this.platform = platform;
        this.strict = strict;
    }

    @Override
    public ThreadState apply(String threadName, ThreadSettings requested) {
        if (!requested.equals(ThreadSettings.DEFAULT)) {
            String msg = threadName + ": real-time settings " + requested + " are not applied by the '"
                    + platform.implementation() + "' platform";
            if (strict) {
                throw new IllegalStateException(msg + " (--strict-rt)");
            }
            Log.warn(msg);
        }
        return platform.currentThread();
    }
}
