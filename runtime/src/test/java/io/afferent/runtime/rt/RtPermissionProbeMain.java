package io.afferent.runtime.rt;

/**
 * Child-process entry for {@link PermissionDeniedTest}: asks for SCHED_FIFO 80 and mlockall and prints what happened,
 * one {@code KEY: value} per line.
 */
public final class RtPermissionProbeMain {
    private RtPermissionProbeMain() {
    }

    public static void main(String[] args) {
        RealtimePlatform platform = RealtimePlatform.detect();
        System.out.println("IMPL: " + platform.implementation());
        RtOutcome outcome = platform.configureCurrentThread(ThreadRtRequest.fifo(80).withTimerSlackNs(1));
        outcome.warnings().forEach(w -> System.out.println("THREAD-WARNING: " + w));
        System.out.println("POLICY: " + outcome.inForce().policy());
        System.out.println("SLACK: " + outcome.inForce().timerSlackNs());
        ProcessRtOutcome memory = platform.lockMemory();
        memory.warnings().forEach(w -> System.out.println("MEMORY-WARNING: " + w));
        System.out.println("LOCKED: " + memory.memoryLocked());
        long deadline = System.nanoTime() + 1_000_000;
        platform.sleepUntil(deadline);
        System.out.println("STILL-RUNNING: " + (System.nanoTime() >= deadline));
    }
}
