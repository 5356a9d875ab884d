package io.afferent.runtime.rt;

import java.util.List;

/**
 * What {@link RealtimePlatform#lockMemory()} achieved.
 *
 * @param memoryLocked true when {@code mlockall(MCL_CURRENT|MCL_FUTURE)} succeeded
 * @param warnings     what was not achieved and how to grant it; empty when all is well
 */
public record ProcessRtOutcome(boolean memoryLocked, List<String> warnings) {
    public ProcessRtOutcome {
        warnings = List.copyOf(warnings);
    }

    public boolean clean() {
        return warnings.isEmpty();
    }
}
