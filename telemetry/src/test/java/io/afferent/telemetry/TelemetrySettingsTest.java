package io.afferent.telemetry;

import io.afferent.config.ConfigException;
import io.afferent.config.ConfigMap;
import io.afferent.config.YamlReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TelemetrySettingsTest {
    @TempDir
    Path dir;

    private TelemetrySettings parse(String yaml) throws ConfigException {
        return parse(yaml, Map.of());
    }

    private TelemetrySettings parse(String yaml, Map<String, String> env) throws ConfigException {
        ConfigMap root = YamlReader.read("robot.yaml", yaml);
        TelemetrySettings s = TelemetrySettings.parse(root.map("telemetry"), dir, env::get);
        return s;
    }

    private String error(String yaml) {
        return assertThrows(ConfigException.class, () -> parse(yaml)).getMessage();
    }

    @Test
    void offWhenAbsent() throws Exception {
        assertFalse(parse("name: x\n").enabled());
        assertFalse(parse("telemetry: {}\n").enabled());
    }

    @Test
    void readsEverySetting() throws Exception {
        Files.writeString(dir.resolve("pw"), "s3cret\n");
        TelemetrySettings s = parse("""
                telemetry:
                  mqtt:
                    broker: tcp://broker.lan
                    robot: rover-3
                    username: rover
                    password_file: pw
                    topics: [{topic: pose, rate_hz: 5}, {topic: battery}]
                    interval: 2s
                    buffer: 50
                    qos: 0
                    reconnect_backoff: 200ms
                    reconnect_backoff_max: 5s
                    keep_alive: 10s
                """);
        assertTrue(s.enabled());
        assertEquals(new BrokerUrl(false, "broker.lan", 1883), s.broker().url());
        assertEquals("rover-3", s.robot());
        assertEquals("afferent/rover-3/", s.topicPrefix());
        assertEquals("s3cret", new String(s.broker().password().orElseThrow()));
        assertEquals("password_file " + dir.resolve("pw"), s.broker().passwordSource());
        assertEquals(2, s.topics().size());
        assertEquals(5.0, s.topics().get(0).rateHz());
        assertEquals(1.0, s.topics().get(1).rateHz());
        assertEquals(2_000_000_000L, s.intervalNanos());
        assertEquals(50, s.bufferMessages());
        assertEquals(0, s.qos());
        assertEquals(200_000_000L, s.broker().reconnectInitialNanos());
        assertEquals(5_000_000_000L, s.broker().reconnectMaxNanos());
        assertEquals(10, s.broker().keepAliveS());
        assertFalse(s.toString().contains("s3cret"));
    }

    @Test
    void defaultsAndTlsPort() throws Exception {
        TelemetrySettings s = parse("telemetry: {mqtt: {broker: 'ssl://b', robot: r1}}\n");
        assertEquals(new BrokerUrl(true, "b", 8883), s.broker().url());
        assertEquals(1000, s.bufferMessages());
        assertEquals(1, s.qos());
        assertEquals(1_000_000_000L, s.intervalNanos());
        assertTrue(s.broker().trustManagers().isEmpty());
    }

    @Test
    void passwordFromEnvironment() throws Exception {
        TelemetrySettings s = parse("telemetry: {mqtt: {broker: 'tcp://b', robot: r1, username: u, password_env: MQTT_PW}}\n",
                Map.of("MQTT_PW", "x"));
        assertEquals("x", new String(s.broker().password().orElseThrow()));
        String e = assertThrows(ConfigException.class,
                () -> parse("telemetry: {mqtt: {broker: 'tcp://b', robot: r1, username: u, password_env: MQTT_PW}}\n")).getMessage();
        assertTrue(e.contains("robot.yaml:1:") && e.contains("telemetry.mqtt.password_env") && e.contains("MQTT_PW is not set"), e);
    }

    @Test
    void badUrlSchemeNamesWhatIsAllowed() {
        String e = error("telemetry:\n  mqtt:\n    broker: http://b:80\n    robot: r\n");
        assertTrue(e.startsWith("robot.yaml:3:13: telemetry.mqtt.broker: scheme 'http' is not supported"), e);
        assertTrue(e.contains("tcp://HOST[:PORT]") && e.contains("ssl://HOST[:PORT]"), e);
        assertTrue(error("telemetry: {mqtt: {broker: 'tcp://b:99999', robot: r}}\n").contains("out of range"));
        assertTrue(error("telemetry: {mqtt: {broker: 'b.lan', robot: r}}\n").contains("no scheme"));
        assertTrue(error("telemetry: {mqtt: {broker: 'tcp://u:p@b', robot: r}}\n").contains("credentials in the URL"));
    }

    @Test
    void robotIsRequiredAndHasNoTopicCharacters() {
        String missing = error("telemetry:\n  mqtt:\n    broker: tcp://b\n");
        assertTrue(missing.contains("telemetry.mqtt.robot: is required"), missing);
        for (String bad : new String[] {"a/b", "a+", "#"}) {
            String e = error("telemetry:\n  mqtt:\n    broker: tcp://b\n    robot: '" + bad + "'\n");
            assertTrue(e.startsWith("robot.yaml:4:12: telemetry.mqtt.robot:"), e);
            assertTrue(e.contains("which MQTT reserves for topic levels and wildcards"), e);
        }
        assertTrue(error("telemetry: {mqtt: {broker: 'tcp://b', robot: 'my robot'}}\n").contains("not a valid robot name"));
    }

    @Test
    void passwordInClearIsRejectedWithTheWayOut() {
        String e = error("telemetry:\n  mqtt:\n    broker: tcp://b\n    robot: r\n    username: u\n    password: hunter2\n");
        assertTrue(e.startsWith("robot.yaml:6:15: telemetry.mqtt.password: a password is never written in the profile in clear"), e);
        assertTrue(e.contains("password_file") && e.contains("password_env"), e);
        assertFalse(e.contains("hunter2"), e);
    }

    @Test
    void credentialFilesAndCombinationsAreChecked() throws Exception {
        String missingFile = error("telemetry:\n  mqtt:\n    broker: tcp://b\n    robot: r\n    username: u\n    password_file: nope.pw\n");
        assertTrue(missingFile.startsWith("robot.yaml:6:20: telemetry.mqtt.password_file: password_file "), missingFile);
        assertTrue(missingFile.endsWith("nope.pw does not exist"), missingFile);
        Files.writeString(dir.resolve("pw"), "x\n");
        assertTrue(error("telemetry: {mqtt: {broker: 'tcp://b', robot: r, password_file: pw}}\n")
                .contains("telemetry.mqtt.username: a password is given but no username"));
        assertTrue(error("telemetry: {mqtt: {broker: 'tcp://b', robot: r, username: u, password_file: pw, password_env: X}}\n")
                .contains("both given"));
        Files.writeString(dir.resolve("empty"), "");
        assertTrue(error("telemetry: {mqtt: {broker: 'tcp://b', robot: r, username: u, password_file: empty}}\n").contains("is empty"));
    }

    @Test
    void aPasswordFileOthersCanReadIsAWarning() throws Exception {
        Path pw = dir.resolve("pw");
        Files.writeString(pw, "x\n");
        Files.setPosixFilePermissions(pw, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        String yaml = "telemetry: {mqtt: {broker: 'tcp://b', robot: r, username: u, password_file: pw}}\n";
        assertEquals(List.of("password_file " + pw + " can be read by every user of this machine; restrict it: chmod 600 " + pw),
                parse(yaml).broker().warnings());
        Files.setPosixFilePermissions(pw, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        assertEquals(List.of(), parse(yaml).broker().warnings());
    }

    @Test
    void unreadableCaOrCertificateIsAConfigurationError() throws Exception {
        String missing = error("telemetry:\n  mqtt:\n    broker: ssl://b\n    robot: r\n    ca_file: ca.pem\n");
        assertTrue(missing.startsWith("robot.yaml:5:14: telemetry.mqtt.ca_file: ca_file "), missing);
        assertTrue(missing.contains("does not exist"), missing);
        Files.writeString(dir.resolve("junk.pem"), "not a certificate\n");
        String junk = error("telemetry: {mqtt: {broker: 'ssl://b', robot: r, ca_file: junk.pem}}\n");
        assertTrue(junk.contains("holds no PEM certificate"), junk);
        Files.writeString(dir.resolve("broken.pem"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        assertTrue(error("telemetry: {mqtt: {broker: 'ssl://b', robot: r, ca_file: broken.pem}}\n").contains("not a valid PEM certificate"));
        String plain = error("telemetry: {mqtt: {broker: 'tcp://b', robot: r, ca_file: junk.pem}}\n");
        assertTrue(plain.contains("plain TCP; use ssl://"), plain);
        String half = error("telemetry: {mqtt: {broker: 'ssl://b', robot: r, client_cert: junk.pem}}\n");
        assertTrue(half.contains("telemetry.mqtt.client_key: client_cert is given without client_key"), half);
    }

    @Test
    void topicsAndNumbersAreValidated() {
        assertTrue(error("telemetry: {mqtt: {broker: 'tcp://b', robot: r, topics: [pose]}}\n").contains("expected {topic: NAME, rate_hz: N}"));
        assertTrue(error("telemetry: {mqtt: {broker: 'tcp://b', robot: r, topics: [{topic: pose, rate_hz: 500}]}}\n")
                .contains("out of range (allowed: 0.01 to 100)"));
        assertTrue(error("telemetry: {mqtt: {broker: 'tcp://b', robot: r, topics: [{topic: pose}, {topic: pose}]}}\n").contains("listed twice"));
        assertTrue(error("telemetry: {mqtt: {broker: 'tcp://b', robot: r, topics: [{topic: 'a/b'}]}}\n").contains("not a topic name"));
        assertTrue(error("telemetry: {mqtt: {broker: 'tcp://b', robot: r, qos: 3}}\n").contains("allowed: 0 to 2"));
        assertTrue(error("telemetry: {mqtt: {broker: 'tcp://b', robot: r, buffer: 0}}\n").contains("allowed: 1 to 1000000"));
        String unknown = error("telemetry: {mqtt: {broker: 'tcp://b', robot: r, brokr: x}}\n");
        assertTrue(unknown.contains("telemetry.mqtt.brokr: unknown key in telemetry.mqtt (allowed: "), unknown);
        assertTrue(error("telemetry: {kafka: {}}\n").contains("unknown key in telemetry (allowed: mqtt)"));
    }
}
