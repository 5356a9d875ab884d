package io.afferent.runtime.rt;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The fallback on platforms without Linux real-time calls (or without FFM access): plain Java, nothing applied,
 * every requested control reported as a warning. Thread-safe.
 */
final class PortablePlatform implements RealtimePlatform {
    static final PortablePlatform INSTANCE = new PortablePlatform();

    private PortablePlatform() {
    }

    @Override
    public String implementation() {
        return "portable";
    }

    @Override
    public ThreadState currentThread() {
        return ThreadState.unknown();
    }

    @Override
    public void sleepUntil(long deadlineNanos) {
        long remaining;
        while ((remaining = deadlineNanos - System.nanoTime()) > 0) {
            LockSupport.parkNanos(remaining);
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
        }
    }

    @Override
    public RtOutcome configureCurrentThread(ThreadRtRequest request) {
        List<String> warnings = new ArrayList<>();
        String prefix = "thread '" + Thread.currentThread().getName() + "': ";
        String suffix = " not applied: this platform has no real-time controls the runtime can use (portable "
                + "implementation; Linux with --enable-native-access=ALL-UNNAMED is needed)";
        if (request.policy() != null) {
            warnings.add(prefix + "scheduling " + request.describe().split(",")[0] + suffix);
        }
        if (!request.cpus().isEmpty()) {
            warnings.add(prefix + "CPU affinity " + CpuList.format(request.cpus()) + suffix);
        }
        if (request.timerSlackNs() > 0) {
            warnings.add(prefix + "timer slack " + request.timerSlackNs() + " ns" + suffix);
        }
        return new RtOutcome(currentThread(), warnings);
    }

    @Override
    public ProcessRtOutcome lockMemory() {
        return new ProcessRtOutcome(false, List.of("memory locking (mlockall) not available on this platform "
                + "(portable implementation); memory stays unlocked"));
    }

    @Override
    public ResourceLimit resourceLimit(ResourceLimit.Kind kind) {
        return ResourceLimit.unknown();
    }
}
