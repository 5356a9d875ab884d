package io.afferent.telemetry;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed CA, a broker certificate for 127.0.0.1/localhost and a client certificate, made with the
 * openssl command line, and a Mosquitto password file made with mosquitto_passwd.
 */
final class TestCerts {
    final Path ca;
    final Path serverCert;
    final Path serverKey;
    final Path clientCert;
    final Path clientKey;

    private TestCerts(Path dir) {
        ca = dir.resolve("ca.pem");
        serverCert = dir.resolve("server.pem");
        serverKey = dir.resolve("server.key");
        clientCert = dir.resolve("client.pem");
        clientKey = dir.resolve("client.key");
    }

    static TestCerts make(Path dir) throws IOException, InterruptedException {
        boolean present = Mosquitto.onPath("openssl");
        if (!present && System.getenv("CI") != null) {
            Assertions.fail("openssl is not installed; CI must install it (apt-get install openssl)");
        }
        Assumptions.assumeTrue(present, "openssl is not installed; TLS tests skipped");
        TestCerts c = new TestCerts(dir);
        run(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
                "-days", "2", "-subj", "/CN=Afferent test CA", "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        Files.writeString(dir.resolve("server.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n"
                + "extendedKeyUsage=serverAuth\n");
        run(dir, "openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr",
                "-subj", "/CN=localhost");
        run(dir, "openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "server.pem", "-days", "2", "-extfile", "server.ext");
        Files.writeString(dir.resolve("client.ext"), "extendedKeyUsage=clientAuth\n");
        // The client key as PKCS#1 ("RSA PRIVATE KEY"), the older format many guides still produce.
        run(dir, "openssl", "genrsa", "-traditional", "-out", "client.key", "2048");
        run(dir, "openssl", "req", "-new", "-key", "client.key", "-out", "client.csr", "-subj", "/CN=robot-tls");
        run(dir, "openssl", "x509", "-req", "-in", "client.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "client.pem", "-days", "2", "-extfile", "client.ext");
        return c;
    }

    /** A Mosquitto password file with one user. */
    static Path passwords(Path dir, String user, String password) throws IOException, InterruptedException {
        boolean present = Mosquitto.onPath("mosquitto_passwd");
        if (!present && System.getenv("CI") != null) {
            Assertions.fail("mosquitto_passwd is not installed; CI must install mosquitto");
        }
        Assumptions.assumeTrue(present, "mosquitto_passwd is not installed; skipped");
        Path file = dir.resolve("passwd");
        run(dir, Mosquitto.which("mosquitto_passwd"), "-c", "-b", file.toString(), user, password);
        return file;
    }

    static void run(Path dir, String... cmd) throws IOException, InterruptedException {
        List<String> c = new ArrayList<>(List.of(cmd));
        Process p = new ProcessBuilder(c).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            Assertions.fail(String.join(" ", c) + " failed: " + out);
        }
    }
}
