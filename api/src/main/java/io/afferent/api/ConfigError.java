package io.afferent.api;

/**
 * A configuration error: the message says where (file:line:col), which key, and what is allowed. The CLI prints
 * it as it is and exits with code 2, without a stack trace.
 */
public class ConfigError extends Exception {
    public ConfigError(String message) {
        super(message);
    }

    public ConfigError(String message, Throwable cause) {
        super(message, cause);
    }
}
