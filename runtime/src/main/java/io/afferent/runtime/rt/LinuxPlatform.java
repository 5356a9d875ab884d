package io.afferent.runtime.rt;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Linux real-time controls through FFM ({@code linux-ffm}): no JNI library. Thread-safe; every call acts on the
 * calling thread. {@link #sleepUntil} is allocation-free after a thread's first call.
 */
final class LinuxPlatform implements RealtimePlatform {
    /** Longest single sleep, so that an interrupt is seen within this time even during a long period. */
    static final long MAX_SLEEP_CHUNK_NS = 100_000_000L;

    private final LinuxLibc libc;
    /** One {@code struct timespec} per thread, allocated on its first sleep and reused. */
    private final ThreadLocal<MemorySegment> timespec =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(LinuxLibc.TIMESPEC_BYTES, 8));

    LinuxPlatform(LinuxLibc libc) {
        this.libc = libc;
    }

    @Override
    public String implementation() {
        return "linux-ffm";
    }

    @Override
    public ThreadState currentThread() {
        int tid = libc.gettid();
        int policy = libc.getScheduler(tid);
        int priority = libc.getPriority(tid);
        return new ThreadState(policy < 0 ? "unknown" : LinuxLibc.policyName(policy), Math.max(priority, 0),
                libc.getNice(tid), libc.getAffinity(tid), tid, libc.getTimerSlack(), libc.getSlice(tid));
    }

    @Override
    public void sleepUntil(long deadlineNanos) {
        MemorySegment ts = timespec.get();
        Thread self = Thread.currentThread();
        while (!self.isInterrupted()) {
            long now = System.nanoTime();
            long remaining = deadlineNanos - now;
            if (remaining <= 0) {
                return;
            }
            long target = remaining > MAX_SLEEP_CHUNK_NS ? now + MAX_SLEEP_CHUNK_NS : deadlineNanos;
            // System.nanoTime() is CLOCK_MONOTONIC in nanoseconds on Linux: the same timeline.
            ts.set(JAVA_LONG, 0, Math.floorDiv(target, 1_000_000_000L));
            ts.set(JAVA_LONG, 8, Math.floorMod(target, 1_000_000_000L));
            int rc = libc.sleepAbsolute(ts);
            if (rc != 0 && rc != LinuxLibc.EINTR) {
                throw new IllegalStateException("clock_nanosleep failed: " + LinuxLibc.errnoName(rc));
            }
            if (rc == 0 && target == deadlineNanos) {
                return;
            }
        }
    }

    @Override
    public RtOutcome configureCurrentThread(ThreadRtRequest request) {
        List<String> warnings = new ArrayList<>();
        String name = Thread.currentThread().getName();
        int tid = libc.gettid();
        boolean policySet = request.policy() != null && applyPolicy(request, tid, name, warnings);
        boolean affinitySet = false;
        if (!request.cpus().isEmpty()) {
            int err = libc.setAffinity(tid, request.cpus());
            affinitySet = err == 0;
            if (err != 0) {
                warnings.add("thread '" + name + "': CPU affinity " + CpuList.format(request.cpus())
                        + " not applied (" + LinuxLibc.errnoName(err) + "): "
                        + (err == LinuxLibc.EINVAL
                        ? "none of these CPUs is online or allowed to this process (cgroup cpuset); allowed now: "
                        + CpuList.format(libc.getAffinity(tid))
                        : "the kernel refused it")
                        + "; running on the CPUs it had");
            }
        }
        if (request.timerSlackNs() > 0) {
            int err = libc.setTimerSlack(request.timerSlackNs());
            if (err != 0) {
                warnings.add("thread '" + name + "': timer slack " + request.timerSlackNs() + " ns not applied ("
                        + LinuxLibc.errnoName(err) + "); wake-ups stay up to the default slack (50 us) late");
            }
        }
        boolean sliceAsked = request.sliceNs() > 0 && LinuxLibc.SCHED_OTHER == libc.getScheduler(tid);
        if (sliceAsked) {
            int err = libc.setOtherSlice(tid, libc.getNice(tid), request.sliceNs());
            if (err != 0) {
                warnings.add("thread '" + name + "': time slice " + request.sliceNs() / 1000 + " us not applied ("
                        + LinuxLibc.errnoName(err) + "); a waking reader or stage may wait for the running thread's"
                        + " slice to end");
            }
        }
        ThreadState inForce = currentThread();
        // A kernel before 6.12 takes the request and keeps its own slice: the slice in force is reported
        // (summary.json threads.*.slice_us) rather than warned about, since readers and stages ask for it by default.
        if (policySet && !request.policy().equals(inForce.policy())) {
            warnings.add("thread '" + name + "': asked for " + request.policy() + ", the kernel reports "
                    + inForce.policy());
        }
        if (affinitySet && !inForce.affinity().isEmpty()
                && !inForce.affinity().equals(request.cpus())) {
            warnings.add("thread '" + name + "': asked for CPUs " + CpuList.format(request.cpus())
                    + ", in force " + CpuList.format(inForce.affinity())
                    + " (the rest are offline or outside this process's cpuset)");
        }
        return new RtOutcome(inForce, warnings);
    }

    /** Sets policy, priority and nice; false when the policy was refused. */
    private boolean applyPolicy(ThreadRtRequest request, int tid, String name, List<String> warnings) {
        int policy = LinuxLibc.policyNumber(request.policy());
        int current = libc.getScheduler(tid);
        if (policy != LinuxLibc.SCHED_OTHER || current != LinuxLibc.SCHED_OTHER) {
            int err = libc.setScheduler(tid, policy, request.priority());
            if (err != 0) {
                String what = request.isRealtime() ? request.policy() + " priority " + request.priority()
                        : request.policy();
                String fallback = "; falling back to "
                        + (current < 0 ? "the current policy" : LinuxLibc.policyName(current));
                warnings.add("thread '" + name + "': " + what + (err == LinuxLibc.EPERM
                        ? " not permitted (EPERM): needs CAP_SYS_NICE or RLIMIT_RTPRIO >= " + request.priority()
                        + " (RLIMIT_RTPRIO is " + libc.getrlimit(ResourceLimit.Kind.RTPRIO.linuxResource).describe()
                        + " soft/hard)" + fallback + ". To grant it: "
                        + RtAdvice.grantRealtimePriority(request.priority())
                        + " (as root in a container with cgroup v1 RT group scheduling: cpu.rt_runtime_us > 0)"
                        : " rejected by the kernel (" + LinuxLibc.errnoName(err) + ")" + fallback));
                return false;
            }
        }
        if (policy == LinuxLibc.SCHED_OTHER) {
            int err = libc.setNice(tid, request.nice());
            if (err != 0) {
                warnings.add("thread '" + name + "': nice " + request.nice() + " not permitted ("
                        + LinuxLibc.errnoName(err) + "): needs CAP_SYS_NICE or RLIMIT_NICE; to grant it: " + RtAdvice.grantNice(request.nice())
                        + "; keeping nice " + libc.getNice(tid));
            }
        }
        return true;
    }

    @Override
    public ProcessRtOutcome lockMemory() {
        List<String> warnings = new ArrayList<>();
        if (!alwaysPreTouch()) {
            warnings.add("the JVM runs without -XX:+AlwaysPreTouch: heap pages not touched yet are faulted in "
                    + "(and locked) on first use, during the run; start the JVM with -XX:+AlwaysPreTouch");
        }
        int err = libc.mlockall(LinuxLibc.MCL_CURRENT | LinuxLibc.MCL_FUTURE);
        if (err != 0) {
            warnings.add("mlockall(MCL_CURRENT|MCL_FUTURE) failed (" + LinuxLibc.errnoName(err)
                    + "): needs CAP_IPC_LOCK or an RLIMIT_MEMLOCK above the process size (RLIMIT_MEMLOCK is "
                    + libc.getrlimit(ResourceLimit.Kind.MEMLOCK.linuxResource).describe()
                    + " bytes soft/hard); memory stays unlocked, so page faults and swap can stall threads. "
                    + "To grant it: " + RtAdvice.grantMemoryLock());
        }
        return new ProcessRtOutcome(err == 0, warnings);
    }

    @Override
    public AffinityOutcome moveProcessThreads(List<Integer> cpus) {
        List<Integer> tids = new ArrayList<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path t : tasks) {
                tids.add(Integer.parseInt(t.getFileName().toString()));
            }
        } catch (IOException | NumberFormatException e) {
            return new AffinityOutcome(0, 0, List.of("threads not moved to CPUs " + CpuList.format(cpus)
                    + ": cannot list /proc/self/task (" + e.getMessage() + ")"));
        }
        int moved = 0;
        int refused = 0;
        int firstError = 0;
        for (int tid : tids) {
            int err = libc.setAffinity(tid, cpus);
            if (err == 0) {
                moved++;
            } else if (err != LinuxLibc.ESRCH) { // a thread that ended meanwhile is not a failure
                refused++;
                firstError = firstError == 0 ? err : firstError;
            }
        }
        List<String> warnings = new ArrayList<>();
        if (refused > 0) {
            warnings.add(refused + " of " + tids.size() + " threads not moved to CPUs " + CpuList.format(cpus) + " ("
                    + LinuxLibc.errnoName(firstError) + "): "
                    + (firstError == LinuxLibc.EINVAL
                    ? "none of these CPUs is online or allowed to this process (cgroup cpuset); allowed now: "
                    + CpuList.format(libc.getAffinity(libc.gettid()))
                    : "the kernel refused it") + "; those threads may run on the readers' CPUs");
        }
        return new AffinityOutcome(moved, tids.size(), warnings);
    }

    @Override
    public ResourceLimit resourceLimit(ResourceLimit.Kind kind) {
        return libc.getrlimit(kind.linuxResource);
    }

    private static boolean alwaysPreTouch() {
        try {
            var bean = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            return bean != null && Boolean.parseBoolean(bean.getVMOption("AlwaysPreTouch").getValue());
        } catch (RuntimeException | LinkageError e) {
            return ManagementFactory.getRuntimeMXBean().getInputArguments().contains("-XX:+AlwaysPreTouch");
        }
    }
}
