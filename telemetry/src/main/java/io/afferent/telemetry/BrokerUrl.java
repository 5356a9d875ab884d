package io.afferent.telemetry;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Where the MQTT broker is: {@code tcp://host[:port]} (plain, port 1883 by default) or
 * {@code ssl://host[:port]} (TLS, port 8883 by default). Immutable.
 */
public record BrokerUrl(boolean tls, String host, int port) {
    public static final int DEFAULT_PORT = 1883;
    public static final int DEFAULT_TLS_PORT = 8883;
    /** What every error message says is allowed. */
    public static final String ALLOWED = "tcp://HOST[:PORT] (port 1883 by default) or ssl://HOST[:PORT] (TLS, 8883 by default)";

    /**
     * Parses a broker URL.
     *
     * @throws IllegalArgumentException with a message saying what is wrong and what is allowed
     */
    public static BrokerUrl parse(String text) {
        String t = text.trim();
        URI uri;
        try {
            uri = new URI(t);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + text + "' is not a URL (allowed: " + ALLOWED + ")");
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme == null) {
            throw new IllegalArgumentException("'" + text + "' has no scheme (allowed: " + ALLOWED + ")");
        }
        boolean tls = switch (scheme) {
            case "tcp", "mqtt" -> false;
            case "ssl", "mqtts", "tls" -> true;
            default -> throw new IllegalArgumentException("scheme '" + scheme + "' is not supported (allowed: " + ALLOWED
                    + "; WebSockets are not supported)");
        };
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' names no host (allowed: " + ALLOWED + ")");
        }
        if (uri.getUserInfo() != null) {
            throw new IllegalArgumentException("'" + text + "' carries credentials in the URL; give username and "
                    + "password_file or password_env instead (credentials are never written in the profile in clear)");
        }
        if ((uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/"))
                || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("'" + text + "' has a path or query; a broker URL is only a host and a port"
                    + " (allowed: " + ALLOWED + ")");
        }
        int port = uri.getPort();
        if (port == -1) {
            port = tls ? DEFAULT_TLS_PORT : DEFAULT_PORT;
        } else if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range (allowed: 1 to 65535)");
        }
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new BrokerUrl(tls, host, port);
    }

    @Override
    public String toString() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return (tls ? "ssl://" : "tcp://") + h + ":" + port;
    }
}
