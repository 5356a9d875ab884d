package io.afferent.runtime.rt;

import java.util.List;

/**
 * What {@link RealtimePlatform#moveProcessThreads} achieved.
 *
 * @param moved    threads now on the requested CPUs
 * @param threads  threads the process had when it was asked
 * @param warnings what was not achieved and why; empty when all is well
 */
public record AffinityOutcome(int moved, int threads, List<String> warnings) {
    public AffinityOutcome {
        warnings = List.copyOf(warnings);
    }
}
