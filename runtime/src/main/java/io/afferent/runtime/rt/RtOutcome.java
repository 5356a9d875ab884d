package io.afferent.runtime.rt;

import java.util.List;

/**
 * What {@link RealtimePlatform#configureCurrentThread} achieved: the state read back from the OS afterwards, and one
 * warning per control that was not applied (each names what is missing and how to grant it). A strict caller treats
 * any warning as an error.
 */
public record RtOutcome(ThreadState inForce, List<String> warnings) {
    public RtOutcome {
        warnings = List.copyOf(warnings);
    }

    /** True when every requested control is in force. */
    public boolean clean() {
        return warnings.isEmpty();
    }
}
