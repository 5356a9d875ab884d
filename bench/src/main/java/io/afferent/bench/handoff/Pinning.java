package io.afferent.bench.handoff;

import io.afferent.runtime.rt.RealtimePlatform;
import io.afferent.runtime.rt.RtOutcome;
import io.afferent.runtime.rt.ThreadRtRequest;

import java.util.List;

/** Pins a benchmark thread to one CPU where the machine has it, through the runtime's own platform layer. */
final class Pinning {
    /** Read before any thread is pinned: afterwards the JDK counts only the CPUs of the calling thread. */
    private static final int CPUS = Runtime.getRuntime().availableProcessors();

    private Pinning() {
    }

    static void pinCurrentThread(int cpu) {
        if (cpu >= CPUS) {
            return;
        }
        RtOutcome o = RealtimePlatform.detect().configureCurrentThread(ThreadRtRequest.unchanged().withCpus(List.of(cpu)));
        if (!o.clean()) {
            System.err.println("bench: " + o.warnings());
        }
    }
}
