package io.afferent.drivers.serial;

import java.io.IOException;

/** A serial device could not be opened; the message names the path and what to check. */
public final class SerialDeviceException extends IOException {
    private final String path;

    public SerialDeviceException(String path, String message) {
        super(message);
        this.path = path;
    }

    public String path() {
        return path;
    }
}
