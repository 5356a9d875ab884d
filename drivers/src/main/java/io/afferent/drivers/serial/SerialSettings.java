package io.afferent.drivers.serial;

import java.util.Objects;

/**
 * How to open one serial device. Plain data: {@link SerialSourceTypes} builds it from a source's params.
 *
 * @param path          device path, e.g. {@code /dev/ttyUSB0} or a stable link {@code /dev/serial/by-id/...};
 *                      links are resolved again at every (re)open
 * @param baudRate      bits per second
 * @param dataBits      5 to 8
 * @param parity        parity bit
 * @param stopBits      stop bits
 * @param waitForDevice when the device is missing at start: true waits for it (retrying with backoff, reported
 *                      as disconnected), false fails the open with a message naming the path and what to check
 * @param readTimeoutMs longest a read blocks when no byte arrives; bounds how long shutdown waits
 */
public record SerialSettings(String path, int baudRate, int dataBits, Parity parity, StopBits stopBits,
                             boolean waitForDevice, int readTimeoutMs) {

    public enum Parity { NONE, ODD, EVEN, MARK, SPACE }

    public enum StopBits { ONE, ONE_POINT_FIVE, TWO }

    public static final int DEFAULT_READ_TIMEOUT_MS = 100;

    public SerialSettings {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(parity, "parity");
        Objects.requireNonNull(stopBits, "stopBits");
        if (path.isBlank()) {
            throw new IllegalArgumentException("serial path is empty");
        }
        if (baudRate <= 0) {
            throw new IllegalArgumentException("baud rate must be positive: " + baudRate);
        }
        if (dataBits < 5 || dataBits > 8) {
            throw new IllegalArgumentException("data bits must be 5..8: " + dataBits);
        }
        if (readTimeoutMs < 1 || readTimeoutMs > 1000) {
            throw new IllegalArgumentException("read timeout must be 1..1000 ms: " + readTimeoutMs);
        }
    }

    /** 8 data bits, no parity, 1 stop bit (8N1), fail if missing at start, 100 ms read timeout. */
    public static SerialSettings of(String path, int baudRate) {
        return new SerialSettings(path, baudRate, 8, Parity.NONE, StopBits.ONE, false, DEFAULT_READ_TIMEOUT_MS);
    }

    public SerialSettings withWaitForDevice(boolean wait) {
        return new SerialSettings(path, baudRate, dataBits, parity, stopBits, wait, readTimeoutMs);
    }

    public SerialSettings withFraming(int dataBits, Parity parity, StopBits stopBits) {
        return new SerialSettings(path, baudRate, dataBits, parity, stopBits, waitForDevice, readTimeoutMs);
    }

    /** Bits on the wire per character: start bit, data bits, parity bit if any, stop bits. */
    public double bitsPerCharacter() {
        double stop = switch (stopBits) {
            case ONE -> 1;
            case ONE_POINT_FIVE -> 1.5;
            case TWO -> 2;
        };
        return 1 + dataBits + (parity == Parity.NONE ? 0 : 1) + stop;
    }

    /** Time one character takes on a UART at this baud rate (8N1: 10 bits / baud; 10.9 µs at 921,600). */
    public long byteTimeNanos() {
        return Math.round(bitsPerCharacter() * 1e9 / baudRate);
    }
}
