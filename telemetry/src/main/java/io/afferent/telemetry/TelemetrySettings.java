package io.afferent.telemetry;

import io.afferent.config.ConfigException;
import io.afferent.config.ConfigList;
import io.afferent.config.ConfigMap;
import io.afferent.config.ConfigNode;
import io.afferent.config.Location;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The profile's {@code telemetry:} section, validated:
 *
 * <pre>
 * telemetry:
 *   mqtt:
 *     broker: ssl://broker.lan:8883     # tcp://HOST[:1883] or ssl://HOST[:8883]
 *     robot: rover-3                    # the topics are afferent/rover-3/...
 *     username: rover-3                 # optional
 *     password_file: /etc/afferent/mqtt.pw   # or password_env: AFFERENT_MQTT_PASSWORD; never a password in clear
 *     ca_file: /etc/afferent/ca.pem     # ssl:// only; default: the JDK's trust store
 *     client_cert: /etc/afferent/rover-3.crt  # optional, with client_key (PEM)
 *     client_key: /etc/afferent/rover-3.key
 *     topics: [{topic: pose, rate_hz: 5}]
 *     interval: 1s                      # at most one interval message per this
 *     buffer: 1000                      # messages kept while the broker is unreachable (newest kept)
 *     qos: 1                            # 0, 1 or 2
 *     reconnect_backoff: 1s             # first reconnect delay, doubling up to reconnect_backoff_max (30s)
 *     keep_alive: 30s
 * </pre>
 *
 * Absent (or without {@code mqtt}): telemetry is off. Relative file paths are resolved against the
 * directory given to {@link #parse} (the profile's). Immutable.
 */
public final class TelemetrySettings {
    public static final TelemetrySettings OFF = new TelemetrySettings(null, null, List.of(), 0, 0, 0);
    public static final long DEFAULT_INTERVAL_NANOS = 1_000_000_000L;
    public static final int DEFAULT_BUFFER_MESSAGES = 1000;
    public static final int MAX_BUFFER_MESSAGES = 1_000_000;
    public static final double MIN_TOPIC_RATE_HZ = 0.01;
    public static final double MAX_TOPIC_RATE_HZ = 100;
    private static final String ROBOT_ALLOWED = "a letter or digit, then up to 63 letters, digits, '_', '-' or '.'";
    private static final String[] BUILDER_KEYS = {"password_file", "password_env", "username", "ca_file", "client_cert", "client_key"};

    /** A topic published under {@code topics/NAME}, at most {@code rateHz} messages a second. */
    public record TopicRate(String topic, double rateHz, Location location) {
        public long periodNanos() {
            return Math.round(1e9 / rateHz);
        }
    }

    private final BrokerSettings broker;
    private final String robot;
    private final List<TopicRate> topics;
    private final long intervalNanos;
    private final int bufferMessages;
    private final int qos;

    private TelemetrySettings(BrokerSettings broker, String robot, List<TopicRate> topics, long intervalNanos,
                              int bufferMessages, int qos) {
        this.broker = broker;
        this.robot = robot;
        this.topics = List.copyOf(topics);
        this.intervalNanos = intervalNanos;
        this.bufferMessages = bufferMessages;
        this.qos = qos;
    }

    /** For code and tests that do not start from a profile. */
    public static TelemetrySettings of(BrokerSettings broker, String robot, List<TopicRate> topics, long intervalNanos,
                                       int bufferMessages, int qos) {
        String bad = checkRobot(robot);
        if (bad != null) throw new IllegalArgumentException("robot: " + bad);
        if (bufferMessages < 1 || bufferMessages > MAX_BUFFER_MESSAGES) throw new IllegalArgumentException("buffer: out of range");
        if (qos < 0 || qos > 2) throw new IllegalArgumentException("qos: out of range");
        return new TelemetrySettings(broker, robot, topics, intervalNanos, bufferMessages, qos);
    }

    /**
     * Validates {@code telemetry} (the profile's section; {@link ConfigMap#empty} when absent).
     *
     * @param baseDir relative file paths are resolved against it (the profile's directory)
     */
    public static TelemetrySettings parse(ConfigMap telemetry, Path baseDir) throws ConfigException {
        return parse(telemetry, baseDir, System::getenv);
    }

    /** As {@link #parse(ConfigMap, Path)}, with the environment that {@code password_env} is looked up in. */
    public static TelemetrySettings parse(ConfigMap telemetry, Path baseDir, Function<String, String> environment)
            throws ConfigException {
        ConfigNode mqttNode = telemetry.node("mqtt");
        if (mqttNode == null) {
            telemetry.rejectUnknownKeys();
            return OFF;
        }
        ConfigMap m = telemetry.map("mqtt");
        telemetry.rejectUnknownKeys();

        if (!m.has("broker")) {
            throw new ConfigException(m.location(), m.childPath("broker"), "is required (allowed: " + BrokerUrl.ALLOWED + ")");
        }
        BrokerUrl url;
        try {
            url = BrokerUrl.parse(m.string("broker"));
        } catch (IllegalArgumentException e) {
            throw m.node("broker").error(e.getMessage());
        }
        if (!m.has("robot")) {
            throw new ConfigException(m.location(), m.childPath("robot"), "is required: the robot's name in the topics"
                    + " afferent/NAME/... (allowed: " + ROBOT_ALLOWED + ")");
        }
        String robot = m.string("robot");
        String badRobot = checkRobot(robot);
        if (badRobot != null) {
            throw m.node("robot").error(badRobot);
        }
        if (m.has("password")) {
            throw m.node("password").error("a password is never written in the profile in clear (profiles are shared,"
                    + " committed and printed); put it in a file only the service user can read and name it with"
                    + " password_file, or name an environment variable with password_env");
        }

        BrokerSettings.Builder b = BrokerSettings.builder(url).environment(environment);
        try {
            if (m.has("username")) b.username(m.string("username"));
        } catch (IllegalArgumentException e) {
            throw m.node("username").error(e.getMessage());
        }
        if (m.has("password_file")) b.passwordFile(path(m, "password_file", baseDir));
        try {
            if (m.has("password_env")) b.passwordEnv(m.string("password_env"));
        } catch (IllegalArgumentException e) {
            throw m.node("password_env").error(e.getMessage());
        }
        if (m.has("ca_file")) b.caFile(path(m, "ca_file", baseDir));
        Path cert = m.has("client_cert") ? path(m, "client_cert", baseDir) : null;
        Path key = m.has("client_key") ? path(m, "client_key", baseDir) : null;
        b.clientCert(cert, key);
        long backoff = m.durationNanos("reconnect_backoff", BrokerSettings.DEFAULT_RECONNECT_INITIAL_NANOS,
                10_000_000L, 60_000_000_000L);
        long backoffMax = m.durationNanos("reconnect_backoff_max", Math.max(backoff, BrokerSettings.DEFAULT_RECONNECT_MAX_NANOS),
                backoff, 3_600_000_000_000L);
        b.reconnect(backoff, backoffMax);
        b.keepAliveS((int) (m.durationNanos("keep_alive", BrokerSettings.DEFAULT_KEEP_ALIVE_S * 1_000_000_000L,
                1_000_000_000L, 3_600_000_000_000L) / 1_000_000_000L));

        List<TopicRate> topics = topics(m);
        long interval = m.durationNanos("interval", DEFAULT_INTERVAL_NANOS, 100_000_000L, 3_600_000_000_000L);
        int buffer = (int) m.integer("buffer", DEFAULT_BUFFER_MESSAGES, 1, MAX_BUFFER_MESSAGES);
        int qos = (int) m.integer("qos", 1, 0, 2);
        m.rejectUnknownKeys();

        BrokerSettings broker;
        try {
            broker = b.build();
        } catch (IllegalArgumentException e) {
            throw errorAtKey(m, e.getMessage());
        }
        return new TelemetrySettings(broker, robot, topics, interval, buffer, qos);
    }

    private static List<TopicRate> topics(ConfigMap m) throws ConfigException {
        ConfigList list = m.list("topics");
        Map<String, TopicRate> out = new LinkedHashMap<>();
        for (ConfigNode item : list.items()) {
            if (!(item instanceof ConfigMap t)) {
                throw item.error("expected {topic: NAME, rate_hz: N}, found " + item.describe());
            }
            String name = t.string("topic");
            if (!name.matches("[A-Za-z][A-Za-z0-9_-]{0,63}")) {
                throw t.node("topic").error("'" + name + "' is not a topic name (allowed: a letter, then up to 63"
                        + " letters, digits, '_' or '-')");
            }
            double rate = t.number("rate_hz", 1, MIN_TOPIC_RATE_HZ, MAX_TOPIC_RATE_HZ);
            t.rejectUnknownKeys();
            if (out.containsKey(name)) {
                throw t.node("topic").error("topic '" + name + "' is listed twice");
            }
            out.put(name, new TopicRate(name, rate, t.location()));
        }
        return new ArrayList<>(out.values());
    }

    private static Path path(ConfigMap m, String key, Path baseDir) throws ConfigException {
        String text = m.string(key);
        if (text.isBlank()) {
            throw m.node(key).error("is empty (allowed: a path to a file)");
        }
        Path p = Path.of(text);
        return p.isAbsolute() || baseDir == null ? p : baseDir.resolve(p);
    }

    private static ConfigException errorAtKey(ConfigMap m, String message) {
        for (String key : BUILDER_KEYS) {
            if (message.startsWith(key + " ") || message.startsWith(key + ":")) {
                ConfigNode n = m.node(key);
                String rest = message.startsWith(key + ":") ? message.substring(key.length() + 1).trim() : message;
                if (n != null) {
                    return n.error(rest);
                }
                return new ConfigException(m.location(), m.childPath(key), rest);
            }
        }
        return m.error(message);
    }

    /** Null when {@code robot} is a valid robot name, else what is wrong with it. */
    static String checkRobot(String robot) {
        if (robot.isEmpty()) {
            return "is empty (allowed: " + ROBOT_ALLOWED + ")";
        }
        for (char c : new char[] {'/', '+', '#'}) {
            if (robot.indexOf(c) >= 0) {
                return "'" + robot + "' contains '" + c + "', which MQTT reserves for topic levels and wildcards"
                        + " (allowed: " + ROBOT_ALLOWED + ")";
            }
        }
        if (!robot.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")) {
            return "'" + robot + "' is not a valid robot name (allowed: " + ROBOT_ALLOWED + ")";
        }
        return null;
    }

    public boolean enabled() {
        return broker != null;
    }

    /** The broker; only when {@link #enabled()}. */
    public BrokerSettings broker() {
        if (broker == null) throw new IllegalStateException("telemetry is off");
        return broker;
    }

    public String robot() {
        return robot;
    }

    public List<TopicRate> topics() {
        return topics;
    }

    public Optional<TopicRate> topic(String name) {
        return topics.stream().filter(t -> t.topic().equals(name)).findFirst();
    }

    public long intervalNanos() {
        return intervalNanos;
    }

    public int bufferMessages() {
        return bufferMessages;
    }

    public int qos() {
        return qos;
    }

    /** The topic prefix {@code afferent/ROBOT/}. */
    public String topicPrefix() {
        return "afferent/" + robot + "/";
    }

    @Override
    public String toString() {
        return enabled() ? "telemetry to " + broker + " as robot " + robot : "telemetry off";
    }
}
