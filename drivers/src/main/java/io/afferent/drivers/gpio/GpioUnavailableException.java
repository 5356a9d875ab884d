package io.afferent.drivers.gpio;

/**
 * The profile needs real GPIO and this machine has none usable (no GPIO chip, not a Raspberry Pi, no
 * native gpiod library for this CPU). The message says what was looked for, which provider was tried
 * and how to select {@code mock}; the GPIO source factories turn it into a configuration error (exit 2).
 */
public final class GpioUnavailableException extends Exception {
    public GpioUnavailableException(String message) {
        super(message);
    }

    public GpioUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
