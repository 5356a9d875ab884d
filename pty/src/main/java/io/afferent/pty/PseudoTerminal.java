package io.afferent.pty;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A POSIX pseudo-terminal pair made with the JDK's foreign function API (no JNI library of our own):
 * {@code posix_openpt(O_RDWR|O_NOCTTY)}, {@code grantpt}, {@code unlockpt}, {@code ptsname_r}, then raw
 * mode ({@code cfmakeraw}) on the line. The caller keeps the master side: bytes written to it are what
 * a program that opens {@link #slavePath()} (e.g. jSerialComm) reads, as if a device sent them; closing
 * the master is what unplugging a device looks like to that program (its reads fail with EIO).
 *
 * <p>Optionally a symbolic link (a stand-in for {@code /dev/serial/by-id/...}) is pointed at the slave,
 * atomically replacing an existing link, so a test can "replug" a device under the same stable path.
 *
 * <p>Threads: one thread may {@link #write} while another {@link #read}s; {@link #close} from any thread.
 * Linux only (glibc or musl); the numeric constants below are Linux's.
 */
public final class PseudoTerminal implements AutoCloseable {
    private static final int O_RDWR = 2;
    private static final int O_NOCTTY = 0400;
    private static final int TCSANOW = 0;
    private static final int EINTR = 4;
    private static final int EAGAIN = 11;
    private static final short POLLIN = 1;
    /** Larger than glibc's {@code struct termios} (60 bytes on Linux) on every architecture. */
    private static final long TERMIOS_BYTES = 256;
    private static final int IO_CHUNK = 64 * 1024;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");
    private static final long ERRNO_BYTES = Linker.Option.captureStateLayout().byteSize();
    private static final VarHandle ERRNO_HANDLE = Linker.Option.captureStateLayout()
            .varHandle(java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));

    private static final MethodHandle POSIX_OPENPT = fn("posix_openpt", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle GRANTPT = fn("grantpt", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle UNLOCKPT = fn("unlockpt", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle PTSNAME_R = fn("ptsname_r",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
    private static final MethodHandle TCGETATTR = fn("tcgetattr",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
    private static final MethodHandle TCSETATTR = fn("tcsetattr",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
    private static final MethodHandle CFMAKERAW = fn("cfmakeraw", FunctionDescriptor.ofVoid(ValueLayout.ADDRESS));
    private static final MethodHandle WRITE = fn("write",
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
    private static final MethodHandle READ = fn("read",
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
    private static final MethodHandle POLL = fn("poll",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
    private static final MethodHandle CLOSE = fn("close", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

    private final int masterFd;
    private final Path slavePath;
    private final Path linkPath;
    private final AtomicBoolean closed = new AtomicBoolean();
    // Native buffers owned by this object; Arena.ofAuto so that a close racing a blocked read is safe.
    private final MemorySegment writeBuf = Arena.ofAuto().allocate(IO_CHUNK);
    private final MemorySegment writeErrno = Arena.ofAuto().allocate(ERRNO_BYTES);
    private final MemorySegment readBuf = Arena.ofAuto().allocate(IO_CHUNK);
    private final MemorySegment readErrno = Arena.ofAuto().allocate(ERRNO_BYTES);
    private final MemorySegment pollFd = Arena.ofAuto().allocate(8);

    private PseudoTerminal(int masterFd, Path slavePath, Path linkPath) {
        this.masterFd = masterFd;
        this.slavePath = slavePath;
        this.linkPath = linkPath;
    }

    /** Opens a new pseudo-terminal in raw mode, without a link. */
    public static PseudoTerminal open() throws IOException {
        return open(null);
    }

    /**
     * Opens a new pseudo-terminal in raw mode; when {@code linkPath} is not null, (re)points a symbolic link
     * there at the slave device. The link is removed by {@link #close()} if it still points at this slave.
     */
    public static PseudoTerminal open(Path linkPath) throws IOException {
        int fd;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = arena.allocate(ERRNO_BYTES);
            fd = (int) POSIX_OPENPT.invokeExact(errno, O_RDWR | O_NOCTTY);
            check(fd, errno, "posix_openpt");
            try {
                check((int) GRANTPT.invokeExact(errno, fd), errno, "grantpt");
                check((int) UNLOCKPT.invokeExact(errno, fd), errno, "unlockpt");
                MemorySegment name = arena.allocate(256);
                int rc = (int) PTSNAME_R.invokeExact(errno, fd, name, 256L);
                if (rc != 0) {
                    throw new IOException("ptsname_r failed: error " + rc);
                }
                Path slave = Path.of(name.getString(0));
                // The master's line settings are the slave's (Linux applies termios ioctls on a master to its
                // slave), so raw mode is set without opening the slave: no echo, no CR/LF translation, 8 bits.
                MemorySegment termios = arena.allocate(TERMIOS_BYTES);
                check((int) TCGETATTR.invokeExact(errno, fd, termios), errno, "tcgetattr");
                CFMAKERAW.invokeExact(errno, termios);
                check((int) TCSETATTR.invokeExact(errno, fd, TCSANOW, termios), errno, "tcsetattr");
                if (linkPath != null) {
                    pointLink(linkPath, slave);
                }
                return new PseudoTerminal(fd, slave, linkPath);
            } catch (IOException | RuntimeException | Error e) {
                closeFd(fd);
                throw e;
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException("pseudo-terminal: native call failed", t);
        }
    }

    /** The slave device, e.g. {@code /dev/pts/7}: what a serial library opens. */
    public Path slavePath() {
        return slavePath;
    }

    /** The symbolic link pointing at the slave, if one was asked for. */
    public Optional<Path> linkPath() {
        return Optional.ofNullable(linkPath);
    }

    /** The path a serial library should open: the link if any, else the slave device. */
    public Path devicePath() {
        return linkPath != null ? linkPath : slavePath;
    }

    /** Writes all of {@code buf[off, off+len)} to the master, blocking while the line's buffer is full. */
    public void write(byte[] buf, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, buf.length);
        ensureOpen();
        while (len > 0) {
            int chunk = Math.min(len, IO_CHUNK);
            MemorySegment.copy(buf, off, writeBuf, ValueLayout.JAVA_BYTE, 0, chunk);
            int done = 0;
            while (done < chunk) {
                long n;
                try {
                    n = (long) WRITE.invokeExact(writeErrno, masterFd, writeBuf.asSlice(done), (long) (chunk - done));
                } catch (Throwable t) {
                    throw new IOException("write failed", t);
                }
                if (n < 0) {
                    int errno = errno(writeErrno);
                    if (errno == EINTR || errno == EAGAIN) {
                        continue;
                    }
                    throw new IOException("write to pseudo-terminal master failed: errno " + errno);
                }
                done += (int) n;
            }
            off += chunk;
            len -= chunk;
        }
    }

    public void write(byte[] buf) throws IOException {
        write(buf, 0, buf.length);
    }

    /**
     * Reads what the slave side wrote, waiting at most {@code timeoutMs}.
     *
     * @return bytes read, 0 on timeout, -1 when no process has the slave open any more (EIO) or closed
     */
    public int read(byte[] buf, int off, int len, int timeoutMs) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, buf.length);
        if (closed.get()) {
            return -1;
        }
        try {
            pollFd.set(ValueLayout.JAVA_INT, 0, masterFd);
            pollFd.set(ValueLayout.JAVA_SHORT, 4, POLLIN);
            pollFd.set(ValueLayout.JAVA_SHORT, 6, (short) 0);
            int ready = (int) POLL.invokeExact(readErrno, pollFd, 1L, timeoutMs);
            if (ready < 0) {
                return errno(readErrno) == EINTR ? 0 : -1;
            }
            if (ready == 0) {
                return 0;
            }
            long n = (long) READ.invokeExact(readErrno, masterFd, readBuf, (long) Math.min(len, IO_CHUNK));
            if (n <= 0) {
                return n == 0 || errno(readErrno) != EAGAIN ? -1 : 0;
            }
            MemorySegment.copy(readBuf, ValueLayout.JAVA_BYTE, 0, buf, off, (int) n);
            return (int) n;
        } catch (Throwable t) {
            throw new IOException("read failed", t);
        }
    }

    public boolean isOpen() {
        return !closed.get();
    }

    /** Closes the master (the slave's readers then see EIO, like an unplugged device) and removes the link. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closeFd(masterFd);
        if (linkPath != null) {
            try {
                if (Files.isSymbolicLink(linkPath) && Files.readSymbolicLink(linkPath).equals(slavePath)) {
                    Files.deleteIfExists(linkPath);
                }
            } catch (IOException ignored) {
                // best effort: a stale link to a closed pty is harmless, its opener gets an error
            }
        }
    }

    @Override
    public String toString() {
        return "PseudoTerminal[" + slavePath + (linkPath != null ? " <- " + linkPath : "") + "]";
    }

    private void ensureOpen() throws IOException {
        if (closed.get()) {
            throw new IOException("pseudo-terminal " + slavePath + " is closed");
        }
    }

    private static void pointLink(Path link, Path target) throws IOException {
        Path parent = link.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Path tmp = (parent != null ? parent : Path.of(".")).resolve(".pty-" + ProcessHandle.current().pid()
                + "-" + System.nanoTime());
        Files.createSymbolicLink(tmp, target);
        try {
            Files.move(tmp, link, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("could not create link " + link);
        }
    }

    private static void closeFd(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            int ignored = (int) CLOSE.invokeExact(arena.allocate(ERRNO_BYTES), fd);
        } catch (Throwable ignored) {
            // nothing useful to do: the descriptor is gone either way
        }
    }

    private static void check(int rc, MemorySegment errno, String what) throws IOException {
        if (rc < 0) {
            throw new IOException(what + " failed: errno " + errno(errno));
        }
    }

    private static int errno(MemorySegment state) {
        return (int) ERRNO_HANDLE.get(state, 0L);
    }

    private static MethodHandle fn(String name, FunctionDescriptor descriptor) {
        MemorySegment address = LIBC.find(name)
                .orElseThrow(() -> new UnsupportedOperationException("libc has no " + name + " (pseudo-terminals need Linux)"));
        return LINKER.downcallHandle(address, descriptor, ERRNO);
    }
}
