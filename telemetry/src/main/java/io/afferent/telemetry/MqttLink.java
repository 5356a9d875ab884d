package io.afferent.telemetry;

import com.hivemq.client.mqtt.MqttClientSslConfigBuilder;
import com.hivemq.client.mqtt.lifecycle.MqttDisconnectSource;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5WillPublish;

import javax.net.ssl.SSLException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One MQTT 5 connection to a broker with the reconnect policy of telemetry: after a failed attempt or a
 * lost connection (the first attempt included, unlike the library's own strategy) it tries again after a
 * delay that starts at {@link BrokerSettings#reconnectInitialNanos()}, doubles up to
 * {@link BrokerSettings#reconnectMaxNanos()}, with ±20 % jitter so that a fleet does not reconnect in step.
 * Failures become one-line warnings for people (unreachable, refused login, TLS, session taken over),
 * repeated at most once a minute while the cause stays the same.
 *
 * <p>Thread-safe: the listeners run on the client's I/O threads; {@link #start} and {@link #stop} on the owner's.
 */
final class MqttLink {
    private static final long REPEAT_WARNING_NANOS = 60_000_000_000L;

    /** What the owner hears of the connection; called on the client's I/O threads, must not block. */
    interface Listener {
        void connected();

        void disconnected(Throwable cause);
    }

    private final BrokerSettings settings;
    private final Mqtt5AsyncClient client;
    private final Listener listener;
    private final Consumer<String> warnings;
    private final String what;
    private volatile boolean connected;
    private volatile boolean stopping;
    private String lastWarningKind;
    private long lastWarningNanos;

    /**
     * @param what who connects, for messages ("telemetry", "fleet")
     * @param will the last will, or null
     */
    MqttLink(BrokerSettings settings, String clientId, Mqtt5WillPublish will, String what, Listener listener,
             Consumer<String> warnings) {
        this.settings = settings;
        this.listener = listener;
        this.warnings = warnings;
        this.what = what;
        Mqtt5ClientBuilder b = Mqtt5Client.builder()
                .identifier(clientId)
                .serverHost(settings.url().host())
                .serverPort(settings.url().port())
                // One I/O thread is plenty for a few messages a second, and keeps the client off other CPUs.
                .executorConfig().nettyThreads(1).applyExecutorConfig();
        if (settings.url().tls()) {
            MqttClientSslConfigBuilder.Nested<? extends Mqtt5ClientBuilder> ssl = b.sslConfig();
            settings.trustManagers().ifPresent(ssl::trustManagerFactory);
            settings.keyManagers().ifPresent(ssl::keyManagerFactory);
            b = ssl.applySslConfig();
        }
        if (settings.username().isPresent()) {
            var auth = b.simpleAuth().username(settings.username().get());
            if (settings.password().isPresent()) {
                auth = auth.password(settings.password().get());
            }
            b = auth.applySimpleAuth();
        }
        if (will != null) {
            b = b.willPublish(will);
        }
        b = b.addConnectedListener(ctx -> onConnected())
                .addDisconnectedListener(ctx -> {
                    connected = false;
                    Throwable cause = ctx.getCause();
                    boolean byUs = ctx.getSource() == MqttDisconnectSource.USER;
                    if (!byUs && !stopping) {
                        int attempts = ctx.getReconnector().getAttempts();
                        long delay = backoffNanos(attempts);
                        ctx.getReconnector().reconnect(true).delay(delay, TimeUnit.NANOSECONDS);
                        warn(cause, delay);
                    }
                    if (!byUs) {
                        listener.disconnected(cause);
                    }
                });
        this.client = b.buildAsync();
    }

    private void onConnected() {
        if (stopping) {
            client.disconnect();
            return;
        }
        connected = true;
        synchronized (this) {
            if (lastWarningKind != null) {
                lastWarningKind = null;
            }
        }
        listener.connected();
    }

    Mqtt5AsyncClient client() {
        return client;
    }

    boolean connected() {
        return connected;
    }

    /** Starts connecting; failures are retried with backoff and reported as warnings. Never blocks. */
    void start() {
        client.connectWith()
                .cleanStart(true)
                .keepAlive(settings.keepAliveS())
                .send();
    }

    /**
     * Disconnects cleanly (a normal disconnection: the broker does not send the last will) and stops
     * reconnecting; waits at most until {@code deadlineNanos} (System.nanoTime) for the broker's goodbye.
     */
    void stop(long deadlineNanos) {
        stopping = true;
        try {
            client.disconnectWith().reasonCode(Mqtt5DisconnectReasonCode.NORMAL_DISCONNECTION).send()
                    .get(Math.max(1, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // Not connected (a pending reconnect is cancelled by the disconnect) or no answer in time.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        connected = false;
    }

    long backoffNanos(int failedAttempts) {
        double delay = settings.reconnectInitialNanos() * Math.pow(2, Math.max(0, failedAttempts - 1));
        delay = Math.min(delay, settings.reconnectMaxNanos());
        return Math.round(delay * ThreadLocalRandom.current().nextDouble(0.8, 1.2));
    }

    private void warn(Throwable cause, long delayNanos) {
        String kind = kind(cause);
        long now = System.nanoTime();
        synchronized (this) {
            if (kind.equals(lastWarningKind) && now - lastWarningNanos < REPEAT_WARNING_NANOS) {
                return;
            }
            lastWarningKind = kind;
            lastWarningNanos = now;
        }
        warnings.accept(what + ": " + describe(cause) + "; the run goes on, retrying in "
                + String.format("%.1f", delayNanos / 1e9) + " s (backoff up to "
                + String.format("%.0f", settings.reconnectMaxNanos() / 1e9) + " s)");
    }

    private static String kind(Throwable cause) {
        Throwable root = root(cause);
        if (cause instanceof Mqtt5ConnAckException c) {
            return "connack-" + c.getMqttMessage().getReasonCode();
        }
        if (cause instanceof Mqtt5DisconnectException d) {
            return "disconnect-" + d.getMqttMessage().getReasonCode();
        }
        return root.getClass().getName();
    }

    /** One line for people: what went wrong with the connection and what to check. */
    String describe(Throwable cause) {
        String broker = "broker " + settings.url();
        if (cause instanceof Mqtt5ConnAckException c) {
            Mqtt5ConnAckReasonCode code = c.getMqttMessage().getReasonCode();
            if (code == Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD || code == Mqtt5ConnAckReasonCode.NOT_AUTHORIZED) {
                return broker + " refused the login " + settings.describeLogin() + ": " + readable(code)
                        + " (check the password and the user's entry in the broker's password file or ACL)";
            }
            return broker + " refused the connection: " + readable(code)
                    + c.getMqttMessage().getReasonString().map(r -> " (" + r + ")").orElse("");
        }
        if (cause instanceof Mqtt5DisconnectException d) {
            Mqtt5DisconnectReasonCode code = d.getMqttMessage().getReasonCode();
            if (code == Mqtt5DisconnectReasonCode.SESSION_TAKEN_OVER) {
                return broker + " closed the connection because another client connected with the same client id"
                        + " (is another run publishing as the same robot?)";
            }
            return broker + " closed the connection: " + readable(code)
                    + d.getMqttMessage().getReasonString().map(r -> " (" + r + ")").orElse("");
        }
        Throwable root = root(cause);
        if (root instanceof ConnectException) {
            return broker + " is unreachable (" + nonNull(root.getMessage(), "connection refused") + ")";
        }
        if (root instanceof UnknownHostException) {
            return broker + ": unknown host " + settings.url().host();
        }
        if (root instanceof NoRouteToHostException) {
            return broker + " is unreachable (no route to host)";
        }
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SSLException && String.valueOf(t.getMessage()).matches(".*(certificate_required|bad_certificate|unknown_ca).*")
                    && settings.url().tls()) {
                return "TLS with " + broker + " failed: " + t.getMessage() + " (the broker asks for a client certificate it"
                        + " accepts: give client_cert and client_key, signed by a CA the broker trusts)";
            }
            if (t instanceof SSLException) {
                return "TLS with " + broker + " failed: " + nonNull(root.getMessage(), t.getMessage())
                        + " (check ca_file: it must hold the CA that signed the broker's certificate, and that certificate"
                        + " must name " + settings.url().host() + "; if the broker asks for a client certificate, give"
                        + " client_cert and client_key)";
            }
        }
        if (cause instanceof com.hivemq.client.mqtt.exceptions.ConnectionClosedException) {
            return "connection to " + broker + " lost (" + nonNull(root.getMessage(), root.getClass().getSimpleName()) + ")";
        }
        return "connection to " + broker + " failed: " + nonNull(root.getMessage(), root.getClass().getSimpleName());
    }

    private static String readable(Enum<?> code) {
        return code.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }

    private static String nonNull(String s, String otherwise) {
        return s == null || s.isBlank() ? otherwise : s;
    }

    private static Throwable root(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) {
            r = r.getCause();
        }
        return r;
    }
}
