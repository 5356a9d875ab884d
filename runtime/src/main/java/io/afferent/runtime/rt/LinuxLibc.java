package io.afferent.runtime.rt;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Thin bindings to glibc through FFM. Each call acts on the calling thread (or the tid given) and returns 0 or a
 * positive errno; nothing here decides policy. Constants are the generic Linux ABI shared by x86_64 and aarch64
 * (64-bit only: {@code long}, {@code time_t} and {@code rlim_t} are 8 bytes). Thread-safe.
 */
final class LinuxLibc {
    // <sched.h> / <linux/sched.h>
    static final int SCHED_OTHER = 0;
    static final int SCHED_FIFO = 1;
    static final int SCHED_RR = 2;
    static final int SCHED_BATCH = 3;
    static final int SCHED_IDLE = 5;
    static final int SCHED_DEADLINE = 6;
    static final int SCHED_RESET_ON_FORK = 0x40000000;
    // <sys/resource.h>
    static final int PRIO_PROCESS = 0;
    // <sys/mman.h>: x86_64 and aarch64 (not powerpc/sparc/alpha, which use other values)
    static final int MCL_CURRENT = 1;
    static final int MCL_FUTURE = 2;
    // <linux/prctl.h>
    static final int PR_SET_TIMERSLACK = 29;
    static final int PR_GET_TIMERSLACK = 30;
    // <time.h>
    static final int CLOCK_MONOTONIC = 1;
    static final int TIMER_ABSTIME = 1;
    // <asm-generic/errno-base.h>
    static final int EPERM = 1;
    static final int ESRCH = 3;
    static final int EINTR = 4;
    static final int EAGAIN = 11;
    static final int ENOMEM = 12;
    static final int EINVAL = 22;
    /** Bytes of {@code cpu_set_t} as glibc defines it: 1024 CPUs. */
    static final int CPU_SET_BYTES = 128;
    /** {@code SYS_gettid}, used only when glibc is older than 2.30 and has no {@code gettid} symbol. */
    private static final long SYS_GETTID_X86_64 = 186;
    private static final long SYS_GETTID_AARCH64 = 178;
    /** {@code SYS_sched_setattr} / {@code SYS_sched_getattr}: glibc before 2.41 has no wrapper for them. */
    private static final long SYS_SCHED_SETATTR_X86_64 = 314;
    private static final long SYS_SCHED_GETATTR_X86_64 = 315;
    private static final long SYS_SCHED_SETATTR_AARCH64 = 274;
    private static final long SYS_SCHED_GETATTR_AARCH64 = 275;
    /**
     * {@code struct sched_attr} as of Linux 3.14 ({@code SCHED_ATTR_SIZE_VER0}): u32 size, u32 sched_policy,
     * u64 sched_flags, s32 sched_nice, u32 sched_priority, u64 sched_runtime, u64 sched_deadline, u64 sched_period.
     */
    static final int SCHED_ATTR_BYTES = 48;
    private static final long ATTR_POLICY = 4, ATTR_NICE = 16, ATTR_PRIORITY = 20, ATTR_RUNTIME = 24;

    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    /** {@code struct timespec}: tv_sec then tv_nsec, both 8 bytes on 64-bit Linux. */
    static final long TIMESPEC_BYTES = 16;

    private final MethodHandle gettid;
    private final boolean gettidViaSyscall;
    private final MethodHandle schedSetscheduler;
    private final MethodHandle schedGetscheduler;
    private final MethodHandle schedGetparam;
    private final MethodHandle setpriority;
    private final MethodHandle getpriority;
    private final MethodHandle schedSetaffinity;
    private final MethodHandle schedGetaffinity;
    private final MethodHandle mlockall;
    private final MethodHandle prctl;
    private final MethodHandle getrlimit;
    private final MethodHandle clockNanosleep;
    /** {@code long syscall(long number, long a, void *b, long c, long d)}, for sched_setattr and sched_getattr. */
    private final MethodHandle syscall4;
    private final long sysSchedSetattr;
    private final long sysSchedGetattr;

    private LinuxLibc() {
        Linker linker = Linker.nativeLinker();
        SymbolLookup libc = linker.defaultLookup();
        Linker.Option errno = Linker.Option.captureCallState("errno");
        MemorySegment gettidSymbol = libc.find("gettid").orElse(null);
        if (gettidSymbol != null) {
            gettid = linker.downcallHandle(gettidSymbol, FunctionDescriptor.of(JAVA_INT));
            gettidViaSyscall = false;
        } else {
            gettid = linker.downcallHandle(find(libc, "syscall"), FunctionDescriptor.of(JAVA_LONG, JAVA_LONG),
                    Linker.Option.firstVariadicArg(1));
            gettidViaSyscall = true;
        }
        schedSetscheduler = linker.downcallHandle(find(libc, "sched_setscheduler"),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS), errno);
        schedGetscheduler = linker.downcallHandle(find(libc, "sched_getscheduler"),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT), errno);
        schedGetparam = linker.downcallHandle(find(libc, "sched_getparam"),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS), errno);
        setpriority = linker.downcallHandle(find(libc, "setpriority"),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), errno);
        getpriority = linker.downcallHandle(find(libc, "getpriority"),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), errno);
        schedSetaffinity = linker.downcallHandle(find(libc, "sched_setaffinity"),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS), errno);
        schedGetaffinity = linker.downcallHandle(find(libc, "sched_getaffinity"),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS), errno);
        mlockall = linker.downcallHandle(find(libc, "mlockall"), FunctionDescriptor.of(JAVA_INT, JAVA_INT), errno);
        // int prctl(int option, ...): the four optional arguments are unsigned long.
        prctl = linker.downcallHandle(find(libc, "prctl"),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
                errno, Linker.Option.firstVariadicArg(1));
        getrlimit = linker.downcallHandle(find(libc, "getrlimit"),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS), errno);
        // Returns the error number itself; errno is not used.
        clockNanosleep = linker.downcallHandle(find(libc, "clock_nanosleep"),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
        syscall4 = linker.downcallHandle(find(libc, "syscall"),
                FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_LONG, JAVA_LONG), errno,
                Linker.Option.firstVariadicArg(1));
        boolean arm = "aarch64".equals(System.getProperty("os.arch"));
        sysSchedSetattr = arm ? SYS_SCHED_SETATTR_AARCH64 : SYS_SCHED_SETATTR_X86_64;
        sysSchedGetattr = arm ? SYS_SCHED_GETATTR_AARCH64 : SYS_SCHED_GETATTR_X86_64;
    }

    /** Binds glibc; throws when this is not 64-bit Linux or a symbol is missing. */
    static LinuxLibc load() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (!os.startsWith("linux")) {
            throw new UnsupportedOperationException("not Linux: " + os);
        }
        if (ADDRESS.byteSize() != 8) {
            throw new UnsupportedOperationException("32-bit Linux is not supported by the FFM bindings");
        }
        return new LinuxLibc();
    }

    private static MemorySegment find(SymbolLookup lookup, String name) {
        return lookup.find(name).orElseThrow(() -> new UnsupportedOperationException("libc has no " + name));
    }

    private static long syscallGettid() {
        String arch = System.getProperty("os.arch", "");
        return switch (arch) {
            case "amd64", "x86_64" -> SYS_GETTID_X86_64;
            case "aarch64", "arm64" -> SYS_GETTID_AARCH64;
            default -> throw new UnsupportedOperationException("gettid syscall number unknown on " + arch);
        };
    }

    private static int errno(MemorySegment capture) {
        return (int) ERRNO.get(capture, 0L);
    }

    private static MemorySegment capture(Arena arena) {
        return arena.allocate(CAPTURE_LAYOUT);
    }

    private static RuntimeException fail(String call, Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(call + " failed", t);
    }

    int gettid() {
        try {
            return gettidViaSyscall ? (int) (long) gettid.invokeExact(syscallGettid()) : (int) gettid.invokeExact();
        } catch (Throwable t) {
            throw fail("gettid", t);
        }
    }

    /** {@code sched_setscheduler(tid, policy, {priority})}: 0 or errno. */
    int setScheduler(int tid, int policy, int priority) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cap = capture(arena);
            MemorySegment param = arena.allocate(JAVA_INT);
            param.set(JAVA_INT, 0, priority);
            int r = (int) schedSetscheduler.invokeExact(cap, tid, policy, param);
            return r == 0 ? 0 : errno(cap);
        } catch (Throwable t) {
            throw fail("sched_setscheduler", t);
        }
    }

    /** {@code sched_getscheduler(tid)} without the reset-on-fork flag, or {@code -errno}. */
    int getScheduler(int tid) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cap = capture(arena);
            int r = (int) schedGetscheduler.invokeExact(cap, tid);
            return r < 0 ? -errno(cap) : r & ~SCHED_RESET_ON_FORK;
        } catch (Throwable t) {
            throw fail("sched_getscheduler", t);
        }
    }

    /** {@code sched_getparam(tid)}'s priority, or {@code -errno}. */
    int getPriority(int tid) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cap = capture(arena);
            MemorySegment param = arena.allocate(JAVA_INT);
            int r = (int) schedGetparam.invokeExact(cap, tid, param);
            return r < 0 ? -errno(cap) : param.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw fail("sched_getparam", t);
        }
    }

    /** {@code setpriority(PRIO_PROCESS, tid, nice)}: on Linux this sets one thread's nice. 0 or errno. */
    int setNice(int tid, int nice) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cap = capture(arena);
            int r = (int) setpriority.invokeExact(cap, PRIO_PROCESS, tid, nice);
            return r == 0 ? 0 : errno(cap);
        } catch (Throwable t) {
            throw fail("setpriority", t);
        }
    }

    /**
     * {@code getpriority(PRIO_PROCESS, tid)}. It returns -1 both for nice -1 and for an error, and errno is not
     * cleared before the call; for an existing tid with PRIO_PROCESS it cannot fail (ESRCH/EINVAL only), so the
     * result is taken as the nice value.
     */
    int getNice(int tid) {
        try (Arena arena = Arena.ofConfined()) {
            return (int) getpriority.invokeExact(capture(arena), PRIO_PROCESS, tid);
        } catch (Throwable t) {
            throw fail("getpriority", t);
        }
    }

    /** {@code sched_setaffinity(tid, 128, mask)}: 0 or errno. */
    int setAffinity(int tid, List<Integer> cpus) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cap = capture(arena);
            MemorySegment mask = arena.allocate(CPU_SET_BYTES, 8);
            for (int cpu : cpus) {
                long byteOffset = cpu / 8;
                byte b = mask.get(ValueLayout.JAVA_BYTE, byteOffset);
                mask.set(ValueLayout.JAVA_BYTE, byteOffset, (byte) (b | (1 << (cpu % 8))));
            }
            int r = (int) schedSetaffinity.invokeExact(cap, tid, (long) CPU_SET_BYTES, mask);
            return r == 0 ? 0 : errno(cap);
        } catch (Throwable t) {
            throw fail("sched_setaffinity", t);
        }
    }

    /** {@code sched_getaffinity(tid)} as a sorted CPU list, or empty on error. */
    List<Integer> getAffinity(int tid) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cap = capture(arena);
            MemorySegment mask = arena.allocate(CPU_SET_BYTES, 8);
            int r = (int) schedGetaffinity.invokeExact(cap, tid, (long) CPU_SET_BYTES, mask);
            if (r != 0) {
                return List.of();
            }
            List<Integer> cpus = new ArrayList<>();
            for (int i = 0; i < CPU_SET_BYTES; i++) {
                int b = mask.get(ValueLayout.JAVA_BYTE, i) & 0xff;
                for (int bit = 0; bit < 8; bit++) {
                    if ((b & (1 << bit)) != 0) {
                        cpus.add(i * 8 + bit);
                    }
                }
            }
            return List.copyOf(cpus);
        } catch (Throwable t) {
            throw fail("sched_getaffinity", t);
        }
    }

    /**
     * {@code sched_setattr(tid, {SCHED_OTHER, nice, runtime = sliceNs}, 0)}: asks for a custom time slice, which
     * Linux 6.12 and later (EEVDF) honour for SCHED_OTHER threads (0.1 to 100 ms) and older kernels ignore. A
     * shorter slice than the running thread's lets a waking thread preempt it at once. Needs no privilege as
     * long as {@code nice} is not below the thread's current nice. 0 or errno.
     */
    int setOtherSlice(int tid, int nice, long sliceNs) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cap = capture(arena);
            MemorySegment attr = arena.allocate(SCHED_ATTR_BYTES, 8);
            attr.set(JAVA_INT, 0, SCHED_ATTR_BYTES);
            attr.set(JAVA_INT, ATTR_POLICY, SCHED_OTHER);
            attr.set(JAVA_INT, ATTR_NICE, nice);
            attr.set(JAVA_LONG, ATTR_RUNTIME, sliceNs);
            long r = (long) syscall4.invokeExact(cap, sysSchedSetattr, (long) tid, attr, 0L, 0L);
            return r == 0 ? 0 : errno(cap);
        } catch (Throwable t) {
            throw fail("sched_setattr", t);
        }
    }

    /**
     * {@code sched_getattr(tid)}'s {@code sched_runtime}: for a SCHED_OTHER thread under EEVDF (Linux 6.6+), its
     * time slice in ns; 0 on kernels that report none; -1 on error.
     */
    long getSlice(int tid) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cap = capture(arena);
            MemorySegment attr = arena.allocate(SCHED_ATTR_BYTES, 8);
            long r = (long) syscall4.invokeExact(cap, sysSchedGetattr, (long) tid, attr, (long) SCHED_ATTR_BYTES, 0L);
            if (r != 0) {
                return -1;
            }
            return attr.get(JAVA_INT, ATTR_POLICY) == SCHED_OTHER ? attr.get(JAVA_LONG, ATTR_RUNTIME) : 0;
        } catch (Throwable t) {
            throw fail("sched_getattr", t);
        }
    }

    /** {@code mlockall(flags)}: 0 or errno. */
    int mlockall(int flags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cap = capture(arena);
            int r = (int) mlockall.invokeExact(cap, flags);
            return r == 0 ? 0 : errno(cap);
        } catch (Throwable t) {
            throw fail("mlockall", t);
        }
    }

    /** {@code prctl(PR_SET_TIMERSLACK, ns)} for the calling thread: 0 or errno. */
    int setTimerSlack(long slackNs) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cap = capture(arena);
            int r = (int) prctl.invokeExact(cap, PR_SET_TIMERSLACK, slackNs, 0L, 0L, 0L);
            return r == 0 ? 0 : errno(cap);
        } catch (Throwable t) {
            throw fail("prctl(PR_SET_TIMERSLACK)", t);
        }
    }

    /** {@code prctl(PR_GET_TIMERSLACK)} for the calling thread, or -1. */
    long getTimerSlack() {
        try (Arena arena = Arena.ofConfined()) {
            int r = (int) prctl.invokeExact(capture(arena), PR_GET_TIMERSLACK, 0L, 0L, 0L, 0L);
            return r < 0 ? -1 : Integer.toUnsignedLong(r);
        } catch (Throwable t) {
            throw fail("prctl(PR_GET_TIMERSLACK)", t);
        }
    }

    /** {@code getrlimit(resource)} with {@code RLIM_INFINITY} mapped to {@link ResourceLimit#UNLIMITED}. */
    ResourceLimit getrlimit(int resource) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cap = capture(arena);
            MemorySegment rl = arena.allocate(16, 8);
            int r = (int) getrlimit.invokeExact(cap, resource, rl);
            if (r != 0) {
                return ResourceLimit.unknown();
            }
            return new ResourceLimit(limit(rl.get(JAVA_LONG, 0)), limit(rl.get(JAVA_LONG, 8)));
        } catch (Throwable t) {
            throw fail("getrlimit", t);
        }
    }

    private static long limit(long raw) {
        return raw < 0 ? ResourceLimit.UNLIMITED : raw; // RLIM_INFINITY is ~0UL
    }

    /**
     * {@code clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, ts, NULL)} with {@code ts} a preallocated timespec;
     * returns 0, EINTR or another error number. Allocation-free.
     */
    int sleepAbsolute(MemorySegment timespec) {
        try {
            return (int) clockNanosleep.invokeExact(CLOCK_MONOTONIC, TIMER_ABSTIME, timespec, MemorySegment.NULL);
        } catch (Throwable t) {
            throw fail("clock_nanosleep", t);
        }
    }

    static String policyName(int policy) {
        return switch (policy) {
            case SCHED_OTHER -> "SCHED_OTHER";
            case SCHED_FIFO -> "SCHED_FIFO";
            case SCHED_RR -> "SCHED_RR";
            case SCHED_BATCH -> "SCHED_BATCH";
            case SCHED_IDLE -> "SCHED_IDLE";
            case SCHED_DEADLINE -> "SCHED_DEADLINE";
            default -> "unknown";
        };
    }

    static int policyNumber(String name) {
        return switch (name) {
            case ThreadRtRequest.SCHED_FIFO -> SCHED_FIFO;
            case ThreadRtRequest.SCHED_RR -> SCHED_RR;
            default -> SCHED_OTHER;
        };
    }

    static String errnoName(int errno) {
        return switch (errno) {
            case EPERM -> "EPERM";
            case ESRCH -> "ESRCH";
            case EINTR -> "EINTR";
            case EAGAIN -> "EAGAIN";
            case ENOMEM -> "ENOMEM";
            case EINVAL -> "EINVAL";
            default -> "errno " + errno;
        };
    }
}
