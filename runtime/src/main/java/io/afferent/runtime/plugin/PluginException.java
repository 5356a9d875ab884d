package io.afferent.runtime.plugin;

/** A plugin that cannot be loaded or registered: printed as is (no stack trace), exit code 2. */
public final class PluginException extends RuntimeException {
    public PluginException(String message) {
        super(message);
    }
}
