package io.afferent.telemetry;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * How to reach and log in to a broker: its URL, the credentials (a user name, and a password read from a
 * file or an environment variable, never written in a profile in clear), the TLS trust (a CA file, or the
 * JDK's default trust store) and an optional client certificate, and the reconnect backoff. Shared by the
 * publisher and the fleet view. Immutable; the files are read and checked when it is built.
 */
public final class BrokerSettings {
    public static final long DEFAULT_RECONNECT_INITIAL_NANOS = 1_000_000_000L;
    public static final long DEFAULT_RECONNECT_MAX_NANOS = 30_000_000_000L;
    public static final int DEFAULT_KEEP_ALIVE_S = 30;

    private final BrokerUrl url;
    private final String username;
    private final byte[] password;
    private final String passwordSource;
    private final Path caFile;
    private final Path clientCert;
    private final Path clientKey;
    private final TrustManagerFactory trust;
    private final KeyManagerFactory keys;
    private final long reconnectInitialNanos;
    private final long reconnectMaxNanos;
    private final int keepAliveS;
    private final List<String> warnings;

    private BrokerSettings(Builder b, byte[] password, String passwordSource, TrustManagerFactory trust,
                           KeyManagerFactory keys, List<String> warnings) {
        this.url = b.url;
        this.username = b.username;
        this.password = password;
        this.passwordSource = passwordSource;
        this.caFile = b.caFile;
        this.clientCert = b.clientCert;
        this.clientKey = b.clientKey;
        this.trust = trust;
        this.keys = keys;
        this.reconnectInitialNanos = b.reconnectInitialNanos;
        this.reconnectMaxNanos = b.reconnectMaxNanos;
        this.keepAliveS = b.keepAliveS;
        this.warnings = List.copyOf(warnings);
    }

    public static Builder builder(BrokerUrl url) {
        return new Builder(url);
    }

    public BrokerUrl url() {
        return url;
    }

    public Optional<String> username() {
        return Optional.ofNullable(username);
    }

    /** The password's bytes (UTF-8), or empty; a copy. */
    public Optional<byte[]> password() {
        return password == null ? Optional.empty() : Optional.of(password.clone());
    }

    /** Where the password came from, for messages ("password_file /etc/afferent/mqtt.pw"), never the password. */
    public String passwordSource() {
        return passwordSource;
    }

    public Optional<Path> caFile() {
        return Optional.ofNullable(caFile);
    }

    public Optional<Path> clientCert() {
        return Optional.ofNullable(clientCert);
    }

    public Optional<Path> clientKey() {
        return Optional.ofNullable(clientKey);
    }

    /** The trust managers from {@code ca_file}; empty for the JDK's default trust store. */
    public Optional<TrustManagerFactory> trustManagers() {
        return Optional.ofNullable(trust);
    }

    public Optional<KeyManagerFactory> keyManagers() {
        return Optional.ofNullable(keys);
    }

    public long reconnectInitialNanos() {
        return reconnectInitialNanos;
    }

    public long reconnectMaxNanos() {
        return reconnectMaxNanos;
    }

    public int keepAliveS() {
        return keepAliveS;
    }

    /** Things worth a warning that are not errors (a password file other users can read). */
    public List<String> warnings() {
        return warnings;
    }

    /** Who logs in, for messages: "user 'robot1' (password from password_file /x)", or "anonymously". */
    public String describeLogin() {
        if (username == null) {
            return "anonymously";
        }
        return "as user '" + username + "'" + (passwordSource == null ? " without a password" : " (password from " + passwordSource + ")");
    }

    @Override
    public String toString() {
        return url + " " + describeLogin() + (caFile != null ? ", ca_file " + caFile : "")
                + (clientCert != null ? ", client_cert " + clientCert : "");
    }

    /** Builds and checks broker settings. Each setter and {@link #build()} throws IllegalArgumentException with what is allowed. */
    public static final class Builder {
        private final BrokerUrl url;
        private String username;
        private Path passwordFile;
        private String passwordEnv;
        private Function<String, String> environment = System::getenv;
        private Path caFile;
        private Path clientCert;
        private Path clientKey;
        private long reconnectInitialNanos = DEFAULT_RECONNECT_INITIAL_NANOS;
        private long reconnectMaxNanos = DEFAULT_RECONNECT_MAX_NANOS;
        private int keepAliveS = DEFAULT_KEEP_ALIVE_S;

        private Builder(BrokerUrl url) {
            this.url = url;
        }

        public Builder username(String username) {
            if (username != null && username.isEmpty()) {
                throw new IllegalArgumentException("is empty (allowed: a user name, or leave it out to connect anonymously)");
            }
            this.username = username;
            return this;
        }

        public Builder passwordFile(Path file) {
            this.passwordFile = file;
            return this;
        }

        public Builder passwordEnv(String variable) {
            if (variable != null && !variable.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException("'" + variable + "' is not an environment variable name (allowed:"
                        + " letters, digits and '_', not starting with a digit)");
            }
            this.passwordEnv = variable;
            return this;
        }

        /** Where password_env is looked up; the process environment by default (tests give a map). */
        public Builder environment(Function<String, String> environment) {
            this.environment = environment;
            return this;
        }

        public Builder caFile(Path file) {
            this.caFile = file;
            return this;
        }

        public Builder clientCert(Path cert, Path key) {
            this.clientCert = cert;
            this.clientKey = key;
            return this;
        }

        public Builder reconnect(long initialNanos, long maxNanos) {
            if (initialNanos <= 0 || maxNanos < initialNanos) {
                throw new IllegalArgumentException("reconnect backoff must be positive and its maximum not below its start");
            }
            this.reconnectInitialNanos = initialNanos;
            this.reconnectMaxNanos = maxNanos;
            return this;
        }

        public Builder keepAliveS(int seconds) {
            if (seconds < 1 || seconds > 65535) {
                throw new IllegalArgumentException(seconds + " is out of range (allowed: 1 to 65535 s)");
            }
            this.keepAliveS = seconds;
            return this;
        }

        /**
         * Checks the combination and reads the files.
         *
         * @throws IllegalArgumentException naming the key (password_file, ca_file, ...) at the start of its message
         */
        public BrokerSettings build() {
            List<String> warnings = new ArrayList<>();
            if (passwordFile != null && passwordEnv != null) {
                throw new IllegalArgumentException("password_file and password_env are both given; give one of them");
            }
            byte[] password = null;
            String source = null;
            if (passwordFile != null) {
                password = readPassword(passwordFile, warnings);
                source = "password_file " + passwordFile;
            } else if (passwordEnv != null) {
                String v = environment.apply(passwordEnv);
                if (v == null || v.isEmpty()) {
                    throw new IllegalArgumentException("password_env: the environment variable " + passwordEnv
                            + " is not set or empty (set it in the service's environment, e.g. systemd's"
                            + " EnvironmentFile=, or use password_file)");
                }
                password = v.getBytes(StandardCharsets.UTF_8);
                source = "password_env " + passwordEnv;
            }
            if (password != null && username == null) {
                throw new IllegalArgumentException("username: a password is given but no username (MQTT sends a"
                        + " password only with a user name)");
            }
            if (!url.tls() && (caFile != null || clientCert != null || clientKey != null)) {
                throw new IllegalArgumentException((caFile != null ? "ca_file" : "client_cert") + ": TLS files are given"
                        + " but the broker URL " + url + " is plain TCP; use ssl://HOST:8883 for TLS");
            }
            if ((clientCert == null) != (clientKey == null)) {
                throw new IllegalArgumentException(clientCert == null
                        ? "client_cert: client_key is given without client_cert (give both, or neither)"
                        : "client_key: client_cert is given without client_key (give both, or neither)");
            }
            TrustManagerFactory trust = caFile == null ? null : Pem.trustManagers(caFile);
            KeyManagerFactory keys = clientCert == null ? null : Pem.keyManagers(clientCert, clientKey);
            if (clientKey != null) {
                warnIfOthersCanRead(clientKey, "client_key", warnings);
            }
            return new BrokerSettings(this, password, source, trust, keys, warnings);
        }

        private static byte[] readPassword(Path file, List<String> warnings) {
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (java.nio.file.NoSuchFileException e) {
                throw new IllegalArgumentException("password_file " + file + " does not exist");
            } catch (java.nio.file.AccessDeniedException e) {
                throw new IllegalArgumentException("password_file " + file + " cannot be read (permission denied for this user)");
            } catch (IOException e) {
                throw new IllegalArgumentException("password_file " + file + " cannot be read: " + e.getMessage());
            }
            // One line; the trailing newline that editors and echo add is not part of the password.
            String pw = text.endsWith("\r\n") ? text.substring(0, text.length() - 2)
                    : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
            if (pw.isEmpty()) {
                throw new IllegalArgumentException("password_file " + file + " is empty (expected the password on one line)");
            }
            if (pw.contains("\n")) {
                throw new IllegalArgumentException("password_file " + file + " has more than one line (expected the password alone on one line)");
            }
            warnIfOthersCanRead(file, "password_file", warnings);
            return pw.getBytes(StandardCharsets.UTF_8);
        }

        private static void warnIfOthersCanRead(Path file, String key, List<String> warnings) {
            try {
                Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
                if (p.contains(PosixFilePermission.OTHERS_READ)) {
                    warnings.add(key + " " + file + " can be read by every user of this machine; restrict it: chmod 600 " + file);
                }
            } catch (UnsupportedOperationException | IOException e) {
                // Not a POSIX file system: nothing to check.
            }
        }
    }
}
