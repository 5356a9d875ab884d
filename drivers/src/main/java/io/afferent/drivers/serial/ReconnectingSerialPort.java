package io.afferent.drivers.serial;

import com.fazecast.jSerialComm.SerialPort;
import io.afferent.api.Clock;
import io.afferent.api.SourceContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * One serial device read through jSerialComm, surviving unplugging: the transport shared by every serial
 * source ({@link NmeaSerialGps}, {@link WitMotionSerialImu}).
 *
 * <p>{@link #read} blocks at most about {@code readTimeoutMs} (jSerialComm's semi-blocking mode: it returns as
 * soon as at least one byte is there) and never reports an error: when jSerialComm returns -1 (EIO after the
 * device went away, while its {@code isOpen()} still says true) the port is closed, the source is reported
 * disconnected through {@link SourceContext#connectionChanged}, and later reads retry opening with a backoff
 * of 100 ms doubling to 2 s. Each attempt resolves the configured path again (following links such as
 * {@code /dev/serial/by-id/...}): reopening the old resolved device would silently open a stale or reused
 * {@code /dev/pts/N} or {@code /dev/ttyUSBn}. The source is reported connected again when data flows.
 *
 * <p><b>Timestamps and latency.</b> {@link #lastReadNanos()} is the clock reading taken once, right after the
 * read that delivered the bytes returned; parsers give it to the frame whose first byte is in those bytes.
 * It is later than the true arrival by up to: the kernel-to-Java wake-up, plus on USB adapters the adapter's
 * batching (FTDI and others hold bytes up to {@code latency_timer} ms, 16 by default; we warn above 1 ms),
 * plus for the first byte of a frame read together with earlier bytes the UART time of the bytes after it
 * ({@link SerialSettings#byteTimeNanos()} each).
 *
 * <p>Single thread: the source's reader thread.
 */
public final class ReconnectingSerialPort implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ReconnectingSerialPort.class.getName());
    static final long FIRST_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final SerialSettings settings;
    private final Clock clock;
    private SourceContext context;
    private SerialPort port;
    private String openedDevice;
    private long lastReadNanos;
    private long nextAttemptNanos;
    private long backoffNanos = FIRST_BACKOFF_NANOS;
    /** True after a disconnect (or a wait at start) until data flows again. */
    private boolean down;
    private int generation;
    private long disconnects;
    private int latencyTimerMs = -1;

    public ReconnectingSerialPort(SerialSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Opens the device. When it is missing or cannot be opened: with {@code waitForDevice} reports the source
     * disconnected and returns (reads keep retrying); otherwise throws a {@link SerialDeviceException}.
     */
    public void open(SourceContext context) throws SerialDeviceException {
        this.context = context;
        String failure = tryOpen();
        if (failure == null) {
            return;
        }
        if (!settings.waitForDevice()) {
            throw new SerialDeviceException(settings.path(), failure);
        }
        markDown("waiting for " + settings.path() + ": " + failure);
    }

    /**
     * Reads into {@code buf} what arrived, waiting at most about the read timeout (or the backoff slice while
     * disconnected). Returns the byte count, 0 if none; never negative. Not allocation-free while reconnecting.
     */
    public int read(byte[] buf) {
        if (port == null) {
            long wait = nextAttemptNanos - clock.nanoTime();
            if (wait > 0) {
                sleepNanos(Math.min(wait, TimeUnit.MILLISECONDS.toNanos(settings.readTimeoutMs())));
                return 0;
            }
            String failure = tryOpen();
            if (failure != null) {
                scheduleRetry(failure);
                return 0;
            }
        }
        int n = port.readBytes(buf, buf.length, 0);
        long now = clock.nanoTime();
        if (n < 0) {
            lost("read failed (jSerialComm error " + port.getLastErrorCode() + "): device gone?");
            return 0;
        }
        if (n > 0) {
            lastReadNanos = now;
            if (down) {
                down = false;
                backoffNanos = FIRST_BACKOFF_NANOS;
                context.connectionChanged(true, "data from " + openedDevice + " (" + settings.path() + ")");
            }
        }
        return n;
    }

    /** Clock reading right after the last read that returned bytes. */
    public long lastReadNanos() {
        return lastReadNanos;
    }

    /** Incremented at every successful open: a change tells the parser that a partial frame is stale. */
    public int generation() {
        return generation;
    }

    /** Whether the device is open now (it may still be silent). */
    public boolean isDeviceOpen() {
        return port != null;
    }

    /** Disconnects seen (read errors and ends of stream). */
    public long disconnects() {
        return disconnects;
    }

    /** The device the configured path resolved to at the last open, or null. */
    public String openedDevice() {
        return openedDevice;
    }

    /** The USB adapter's {@code latency_timer} in ms at the last open, or -1 when not a ttyUSB/ttyACM device. */
    public int latencyTimerMs() {
        return latencyTimerMs;
    }

    public SerialSettings settings() {
        return settings;
    }

    @Override
    public void close() {
        if (port != null) {
            port.closePort();
            port = null;
        }
    }

    private void lost(String why) {
        disconnects++;
        close();
        markDown(why);
        scheduleRetry(null);
    }

    private void markDown(String detail) {
        if (!down) {
            down = true;
            context.connectionChanged(false, settings.path() + ": " + detail);
        }
    }

    private void scheduleRetry(String failure) {
        nextAttemptNanos = clock.nanoTime() + backoffNanos;
        backoffNanos = Math.min(backoffNanos * 2, MAX_BACKOFF_NANOS);
        if (failure != null && !down) {
            markDown(failure);
        }
    }

    /** Resolves the configured path and opens it; returns null on success, else what went wrong. */
    private String tryOpen() {
        Path configured = Path.of(settings.path());
        Path device;
        try {
            device = configured.toRealPath();
        } catch (IOException e) {
            return Files.isSymbolicLink(configured)
                    ? "link " + configured + " points at a missing device. " + hint()
                    : "no such device " + configured + ". " + hint();
        }
        if (!Files.isReadable(device) || !Files.isWritable(device)) {
            return "permission denied on " + device + ". " + hint();
        }
        SerialPort p = SerialPort.getCommPort(device.toString());
        if (!p.openPort(0)) {
            return "cannot open " + device + " (jSerialComm error " + p.getLastErrorCode() + " at "
                    + p.getLastErrorLocation() + "). " + hint();
        }
        if (!p.setComPortParameters(settings.baudRate(), settings.dataBits(), stopBits(), parity())
                || !p.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, settings.readTimeoutMs(), 0)) {
            p.closePort();
            return "cannot configure " + device + " for " + settings.baudRate() + " baud "
                    + settings.dataBits() + settings.parity().name().charAt(0) + " (jSerialComm error "
                    + p.getLastErrorCode() + ")";
        }
        port = p;
        openedDevice = device.toString();
        generation++;
        checkUsbLatency(device);
        return null;
    }

    private String hint() {
        return "Check that the device is plugged in and its cable is good, that the path is right "
                + "(ls -l /dev/serial/by-id/), and that this user may open it (ls -l " + settings.path()
                + "; usually membership of the 'dialout' group: sudo usermod -aG dialout $USER, then log in again).";
    }

    private void checkUsbLatency(Path device) {
        String tty = device.getFileName().toString();
        latencyTimerMs = UsbLatency.latencyTimerMs(tty);
        if (latencyTimerMs > 1) {
            LOG.log(System.Logger.Level.WARNING, "{0}: USB-serial latency_timer is {1} ms: bytes can reach us up to "
                    + "{1} ms late and in bursts, so timestamps are late by as much. Set it to 1: "
                    + "echo 1 | sudo tee /sys/bus/usb-serial/devices/{0}/latency_timer (or a udev rule).",
                    tty, latencyTimerMs);
        }
    }

    private int parity() {
        return switch (settings.parity()) {
            case NONE -> SerialPort.NO_PARITY;
            case ODD -> SerialPort.ODD_PARITY;
            case EVEN -> SerialPort.EVEN_PARITY;
            case MARK -> SerialPort.MARK_PARITY;
            case SPACE -> SerialPort.SPACE_PARITY;
        };
    }

    private int stopBits() {
        return switch (settings.stopBits()) {
            case ONE -> SerialPort.ONE_STOP_BIT;
            case ONE_POINT_FIVE -> SerialPort.ONE_POINT_FIVE_STOP_BITS;
            case TWO -> SerialPort.TWO_STOP_BITS;
        };
    }

    private static void sleepNanos(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
