package io.afferent.sim.serve;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/**
 * Keeps a served pseudo-terminal from stalling its writer when nobody reads it. A real UART sends whether
 * or not anyone listens, and a receiver that falls behind loses bytes (overrun); a pty instead blocks the
 * writer once the kernel's buffer is full. This holds the slave side open too and, when more than
 * {@code thresholdBytes} wait unread (FIONREAD), reads and discards the oldest down to half of it.
 * A reader that keeps up never gets near the threshold, so it never loses a byte to the drain.
 *
 * <p>Single thread: the device's writer. Linux only (ioctl request number).
 */
final class OverrunDrain implements AutoCloseable {
    private static final int O_RDWR = 2;
    private static final int O_NOCTTY = 0x100;
    private static final int O_NONBLOCK = 0x800;
    private static final long FIONREAD = 0x541B;
    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle OPEN = fn("open",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle IOCTL = fn("ioctl",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS),
            Linker.Option.firstVariadicArg(2));
    private static final MethodHandle READ = fn("read",
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
    private static final MethodHandle CLOSE = fn("close", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

    private final Arena arena = Arena.ofShared();
    private final MemorySegment count = arena.allocate(ValueLayout.JAVA_INT);
    private final MemorySegment buf = arena.allocate(4096);
    private final int thresholdBytes;
    private int fd;
    private long discarded;

    private static MethodHandle fn(String name, FunctionDescriptor d, Linker.Option... options) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), d, options);
    }

    OverrunDrain(Path slave, int thresholdBytes) throws IOException {
        this.thresholdBytes = thresholdBytes;
        try {
            fd = (int) OPEN.invokeExact(arena.allocateFrom(slave.toString()), O_RDWR | O_NOCTTY | O_NONBLOCK);
        } catch (Throwable t) {
            throw new IOException("open " + slave + " failed", t);
        }
        if (fd < 0) {
            arena.close();
            throw new IOException("cannot open " + slave + " to watch for overruns");
        }
    }

    /** Discards unread bytes beyond the threshold; returns how many were discarded now. */
    long drain() {
        if (fd < 0) {
            return 0;
        }
        long dropped = 0;
        try {
            while (true) {
                int rc = (int) IOCTL.invokeExact(fd, FIONREAD, count);
                int queued = count.get(ValueLayout.JAVA_INT, 0);
                if (rc != 0 || queued <= thresholdBytes) {
                    break;
                }
                long want = Math.min(buf.byteSize(), queued - thresholdBytes / 2);
                long n = (long) READ.invokeExact(fd, buf, want);
                if (n <= 0) {
                    break;
                }
                dropped += n;
            }
        } catch (Throwable t) {
            return dropped;
        }
        discarded += dropped;
        return dropped;
    }

    long discarded() {
        return discarded;
    }

    @Override
    public void close() {
        if (fd >= 0) {
            try {
                int ignored = (int) CLOSE.invokeExact(fd);
            } catch (Throwable ignored) {
                // the descriptor is gone either way
            }
            fd = -1;
            arena.close();
        }
    }
}
