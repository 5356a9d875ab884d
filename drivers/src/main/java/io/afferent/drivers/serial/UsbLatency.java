package io.afferent.drivers.serial;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a USB-serial adapter's {@code latency_timer} (how long it may hold bytes before sending a USB packet). */
public final class UsbLatency {
    private UsbLatency() {
    }

    /** The latency timer in ms of {@code tty} (e.g. {@code ttyUSB0}), or -1 if it has none or cannot be read. */
    public static int latencyTimerMs(String tty) {
        if (!tty.startsWith("ttyUSB")) {
            return -1;
        }
        return read(Path.of("/sys/bus/usb-serial/devices", tty, "latency_timer"));
    }

    static int read(Path file) {
        try {
            return Integer.parseInt(Files.readString(file).trim());
        } catch (IOException | NumberFormatException | SecurityException e) {
            return -1;
        }
    }
}
