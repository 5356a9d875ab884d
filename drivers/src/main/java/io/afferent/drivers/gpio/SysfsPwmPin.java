package io.afferent.drivers.gpio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One channel of a Linux PWM chip ({@code /sys/class/pwm/pwmchipN/pwmM}), written directly: the channel is
 * exported and enabled once with duty 0, and every {@link #set} writes the duty in nanoseconds into the open
 * {@code duty_cycle} file from a preallocated buffer, so a duty change allocates nothing (Pi4J 3.0.3's linuxfs
 * provider writes the same files through Strings and streams: about 8 KB per change, HardwarePwmTest prints it).
 * Duty 0 with the channel enabled is a steady low, 100 % a steady high. {@link #close} leaves duty 0 and disables
 * the channel. Single writer: the output's thread.
 */
final class SysfsPwmPin implements PwmPin, AutoCloseable {
    /** How long the kernel (and udev, for the permissions) may take to make the exported channel's files. */
    private static final long EXPORT_WAIT_MS = 2000;

    private final Path dir;
    private final long periodNs;
    private final FileChannel duty;
    private final ByteBuffer buf = ByteBuffer.allocateDirect(24);
    private final byte[] digits = new byte[20];
    private volatile int percent;

    private SysfsPwmPin(Path dir, long periodNs, FileChannel duty) {
        this.dir = dir;
        this.periodNs = periodNs;
        this.duty = duty;
    }

    /** Exports (if needed) and enables channel {@code channel} of {@code chipDir} at {@code frequencyHz}, duty 0. */
    static SysfsPwmPin open(Path chipDir, int channel, int frequencyHz) throws IOException {
        Path dir = chipDir.resolve("pwm" + channel);
        if (!Files.isDirectory(dir)) {
            Files.writeString(chipDir.resolve("export"), Integer.toString(channel));
            long until = System.nanoTime() + EXPORT_WAIT_MS * 1_000_000;
            while (!Files.isWritable(dir.resolve("duty_cycle"))) {
                if (System.nanoTime() > until) {
                    throw new IOException(dir + "/duty_cycle did not appear (or is not writable) after exporting channel "
                            + channel + " of " + chipDir);
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while exporting " + dir, e);
                }
            }
        }
        long periodNs = 1_000_000_000L / frequencyHz;
        // The kernel refuses a duty longer than the period: set the duty to 0 before changing the period.
        Files.writeString(dir.resolve("duty_cycle"), "0");
        Files.writeString(dir.resolve("period"), Long.toString(periodNs));
        Files.writeString(dir.resolve("enable"), "1");
        FileChannel duty = FileChannel.open(dir.resolve("duty_cycle"), StandardOpenOption.WRITE);
        return new SysfsPwmPin(dir, periodNs, duty);
    }

    @Override
    public void set(int percent) {
        int p = Math.max(0, Math.min(100, percent));
        if (p == this.percent) {
            return;
        }
        try {
            write(periodNs * p / 100);
        } catch (IOException e) {
            throw new IllegalStateException("writing " + dir + "/duty_cycle failed: " + e.getMessage(), e);
        }
        this.percent = p;
    }

    /** The decimal digits of {@code ns} at position 0 of duty_cycle: one write(2), as {@code echo} would do. */
    private void write(long ns) throws IOException {
        int n = 0;
        long v = ns;
        do {
            digits[n++] = (byte) ('0' + v % 10);
            v /= 10;
        } while (v > 0);
        buf.clear();
        while (n > 0) {
            buf.put(digits[--n]);
        }
        buf.put((byte) '\n');
        buf.flip();
        duty.write(buf, 0);
    }

    @Override
    public int percent() {
        return percent;
    }

    /** Duty 0, channel disabled. Never throws. */
    @Override
    public void close() {
        try {
            write(0);
            percent = 0;
        } catch (IOException e) {
            // the process is ending; nothing else to do
        }
        try {
            duty.close();
            Files.writeString(dir.resolve("enable"), "0");
        } catch (IOException e) {
            // same
        }
    }
}
