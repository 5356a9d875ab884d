package io.afferent.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import io.afferent.config.ConfigException;
import io.afferent.config.YamlReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.afferent.telemetry.TestRuns.MS;
import static io.afferent.telemetry.TestRuns.run;
import static io.afferent.telemetry.TestRuns.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TLS with a self-signed CA made by the test, a user name and password, and client certificates, on Mosquitto. */
class TlsAndLoginTest {
    @TempDir
    Path dir;

    private String tlsListener(TestCerts certs, Path passwd, boolean requireClientCert) {
        return "allow_anonymous false\n"
                + "password_file " + passwd + "\n"
                + "cafile " + certs.ca + "\n"
                + "certfile " + certs.serverCert + "\n"
                + "keyfile " + certs.serverKey + "\n"
                + "require_certificate " + requireClientCert + "\n";
    }

    /** The robot's password file, readable by its owner only (as the README says to keep it). */
    private void passwordFile(String password) throws java.io.IOException {
        Path f = dir.resolve("robot.pw");
        Files.writeString(f, password + "\n");
        Files.setPosixFilePermissions(f, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    }

    /** The settings as a user writes them in a profile, to go through the same parsing. */
    private TelemetrySettings profile(int port, String robot, String extra) throws ConfigException {
        String yaml = "telemetry:\n  mqtt:\n    broker: ssl://localhost:" + port + "\n    robot: " + robot + "\n"
                + "    ca_file: ca.pem\n    username: robot\n    password_file: robot.pw\n"
                + "    reconnect_backoff: 200ms\n    reconnect_backoff_max: 1s\n    interval: 100ms\n" + extra;
        return TelemetrySettings.parse(YamlReader.read(dir.resolve("robot.yaml").toString(), yaml).map("telemetry"), dir);
    }

    @Test
    void tlsWithASelfSignedCaAndAPasswordWorks() throws Exception {
        TestCerts certs = TestCerts.make(dir);
        Path passwd = TestCerts.passwords(dir, "robot", "s3cret pass");
        passwordFile("s3cret pass");
        try (Mosquitto broker = Mosquitto.start(dir, tlsListener(certs, passwd, false))) {
            TelemetrySettings s = profile(broker.port(), "tls-1", "");
            try (TestSubscriber sub = new TestSubscriber(s.broker(), "afferent/tls-1/#")) {
                TestRuns.Warnings warnings = new TestRuns.Warnings();
                TelemetryPublisher p = TelemetryPublisher.start(s, run("sim-laptop"), warnings);
                JsonNode online = sub.await("afferent/tls-1/status", j -> j.path("state").asText().equals("online")).json();
                assertEquals("tls-1", online.get("robot").asText());
                p.event(TelemetryEvent.of(TelemetryEvent.RESTART, TelemetryEvent.WARNING, "gps", "restarted after a read error"));
                sub.await("afferent/tls-1/events", j -> j.path("kind").asText().equals("restart"));
                TelemetryCounters c = p.close(2_000 * MS);
                assertEquals(1, c.of(c.published(), MessageKind.EVENTS));
                assertTrue(warnings.lines.stream().noneMatch(w -> w.contains("refused") || w.contains("TLS")), warnings.toString());
            }
        }
    }

    @Test
    void aWrongPasswordIsAClearWarningNotACrash() throws Exception {
        TestCerts certs = TestCerts.make(dir);
        Path passwd = TestCerts.passwords(dir, "robot", "s3cret pass");
        passwordFile("wrong");
        try (Mosquitto broker = Mosquitto.start(dir, tlsListener(certs, passwd, false))) {
            TelemetrySettings s = profile(broker.port(), "tls-2", "");
            TestRuns.Warnings warnings = new TestRuns.Warnings();
            TelemetryPublisher p = TelemetryPublisher.start(s, run("sim-laptop"), warnings);
            p.event(TelemetryEvent.of(TelemetryEvent.FAULT, TelemetryEvent.WARNING, "imu", "still accepted"));
            waitFor("the login warning", () -> warnings.any("refused the login"));
            String w = warnings.lines.stream().filter(l -> l.contains("refused the login")).findFirst().orElseThrow();
            System.out.println("wrong password warning: " + w);
            assertTrue(w.startsWith("telemetry: broker ssl://localhost:" + broker.port() + " refused the login as user 'robot'"
                    + " (password from password_file " + dir.resolve("robot.pw") + ")"), w);
            assertTrue(w.contains("bad user name or password") || w.contains("not authorized"), w);
            assertTrue(w.contains("the run goes on"), w);
            assertFalse(w.contains("wrong"), "the password itself is never printed: " + w);
            assertFalse(p.connected());
            TelemetryCounters c = p.close(100 * MS);
            assertEquals(0, c.connects());
            assertEquals(1, c.of(c.unsent(), MessageKind.EVENTS));
        }
    }

    @Test
    void aClientCertificateIsPresentedWhenTheBrokerAsksForOne() throws Exception {
        TestCerts certs = TestCerts.make(dir);
        Path passwd = TestCerts.passwords(dir, "robot", "pw");
        passwordFile("pw");
        try (Mosquitto broker = Mosquitto.start(dir, tlsListener(certs, passwd, true))) {
            TelemetrySettings withCert = profile(broker.port(), "tls-3", "    client_cert: client.pem\n    client_key: client.key\n");
            TestRuns.Warnings warnings = new TestRuns.Warnings();
            TelemetryPublisher p = TelemetryPublisher.start(withCert, run("sim-laptop"), warnings);
            waitFor("the connection with a client certificate", p::connected);
            p.close(1_000 * MS);

            TelemetrySettings without = profile(broker.port(), "tls-4", "");
            TestRuns.Warnings refused = new TestRuns.Warnings();
            TelemetryPublisher q = TelemetryPublisher.start(without, run("sim-laptop"), refused);
            waitFor("a warning about the refused connection", () -> !refused.lines.isEmpty(), refused);
            System.out.println("no client certificate: " + refused.lines.get(0));
            assertTrue(refused.lines.get(0).startsWith("telemetry: TLS with broker ssl://localhost:" + broker.port() + " failed"),
                    refused.toString());
            assertTrue(refused.lines.get(0).contains("give client_cert and client_key"), refused.toString());
            assertTrue(refused.lines.stream().noneMatch(l -> l.contains("chmod")), refused.toString());
            assertFalse(q.connected());
            q.close(100 * MS);
        }
    }

    @Test
    void aCaFileThatDidNotSignTheBrokerIsAClearWarning() throws Exception {
        TestCerts certs = TestCerts.make(dir);
        Path passwd = TestCerts.passwords(dir, "robot", "pw");
        passwordFile("pw");
        Path other = Files.createDirectory(dir.resolve("other"));
        TestCerts otherCa = TestCerts.make(other);
        try (Mosquitto broker = Mosquitto.start(dir, tlsListener(certs, passwd, false))) {
            String yaml = "telemetry: {mqtt: {broker: 'ssl://localhost:" + broker.port() + "', robot: tls-5, ca_file: "
                    + otherCa.ca + ", username: robot, password_file: robot.pw, reconnect_backoff: 200ms}}\n";
            TelemetrySettings s = TelemetrySettings.parse(YamlReader.read("robot.yaml", yaml).map("telemetry"), dir);
            TestRuns.Warnings warnings = new TestRuns.Warnings();
            TelemetryPublisher p = TelemetryPublisher.start(s, run("sim-laptop"), warnings);
            waitFor("the TLS warning", () -> warnings.any("TLS with broker"), warnings);
            String w = warnings.lines.stream().filter(l -> l.contains("TLS with broker")).findFirst().orElseThrow();
            System.out.println("wrong CA warning: " + w);
            assertTrue(w.contains("check ca_file"), w);
            p.close(100 * MS);
        }
    }

    @Test
    void pemFilesAreReadAsOpensslWritesThem() throws Exception {
        TestCerts certs = TestCerts.make(dir);
        assertEquals(1, Pem.certificates(certs.ca, "ca_file").size());
        assertEquals("RSA", Pem.privateKey(certs.serverKey, "client_key").getAlgorithm(), "PKCS#8");
        assertTrue(Files.readString(certs.clientKey).contains("BEGIN RSA PRIVATE KEY"));
        assertEquals("RSA", Pem.privateKey(certs.clientKey, "client_key").getAlgorithm(), "PKCS#1");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Pem.keyManagers(certs.clientCert, certs.ca));
        assertTrue(e.getMessage().contains("holds no PEM private key"), e.getMessage());
        // A profile naming these files parses; the CA file is a trust store of one certificate.
        passwordFile("pw");
        TelemetrySettings s = profile(8883, "tls-6", "    client_cert: client.pem\n    client_key: client.key\n");
        assertTrue(s.broker().trustManagers().isPresent() && s.broker().keyManagers().isPresent());
    }
}
