package io.afferent.deploy.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A real Mosquitto for the run tests, on a free loopback port, with persistence so that {@link #restart} keeps the
 * retained messages and a persistent subscriber's session (what is published while the subscriber reconnects is
 * queued for it, as for a fleet's persistent session). Needs the {@code mosquitto} package: skipped without it,
 * a failure under CI.
 */
final class TestBroker implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path dir;
    private final int port;
    private final Path conf;
    private Process process;

    private TestBroker(Path dir, int port) throws IOException {
        this.dir = dir;
        this.port = port;
        this.conf = dir.resolve("mosquitto.conf");
        Files.writeString(conf, "per_listener_settings false\npersistence true\npersistence_location " + dir + "/\n"
                + "autosave_interval 0\nmax_queued_messages 100000\n"
                + "log_dest file " + dir.resolve("mosquitto.log") + "\n"
                + "log_type error\nlog_type warning\nlog_type notice\nlog_type information\nlog_type subscribe\n"
                // As root (CI), mosquitto would switch to its own user and lose access to the test's files.
                + "user root\nlistener " + port + " 127.0.0.1\nallow_anonymous true\n");
    }

    static TestBroker start(Path dir) throws IOException, InterruptedException {
        Path exe = Stream.of("/usr/sbin/mosquitto", "/usr/bin/mosquitto").map(Path::of).filter(Files::isExecutable)
                .findFirst().orElse(null);
        if (exe == null && System.getenv("CI") != null) {
            Assertions.fail("mosquitto is not installed; CI must install it (apt-get install mosquitto)");
        }
        Assumptions.assumeTrue(exe != null, "mosquitto is not installed; broker test skipped");
        TestBroker b = new TestBroker(Files.createDirectories(dir), freePort());
        b.startProcess(exe);
        return b;
    }

    int port() {
        return port;
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /** Stops the broker (SIGTERM; it saves its state) and waits for it to exit. */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    /** Starts it again on the same port with what it saved. */
    void startAgain() throws IOException, InterruptedException {
        startProcess(Path.of(process.info().command().orElse("/usr/sbin/mosquitto")));
    }

    private void startProcess(Path exe) throws IOException, InterruptedException {
        process = new ProcessBuilder(exe.toString(), "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mosquitto.out").toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                Assertions.fail("mosquitto exited: " + Files.readString(dir.resolve("mosquitto.out")));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        process.destroyForcibly();
        throw new AssertionError("mosquitto did not listen on " + port);
    }

    /** Waits (at most 60 s, a bound for a broken client) until the broker logged a subscription to {@code filter}. */
    void awaitSubscription(String filter) throws IOException, InterruptedException {
        Path log = dir.resolve("mosquitto.log");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).lines().anyMatch(l -> l.endsWith(" " + filter))) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("nobody subscribed to " + filter + ":\n" + (Files.exists(log) ? Files.readString(log) : ""));
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** A received message; {@code json} null when the payload is not JSON. */
    record Received(String topic, boolean retained, JsonNode json) {
    }

    /** A subscriber with a persistent session (it reconnects by itself and gets what was queued for it). */
    final class Subscriber implements AutoCloseable {
        private final Mqtt5AsyncClient client;
        private final List<Received> got = new ArrayList<>();

        Subscriber(String filter) throws Exception {
            client = Mqtt5Client.builder().identifier("test-sub-" + System.nanoTime())
                    .serverHost("127.0.0.1").serverPort(port)
                    .automaticReconnect().initialDelay(100, TimeUnit.MILLISECONDS).maxDelay(200, TimeUnit.MILLISECONDS)
                    .applyAutomaticReconnect().buildAsync();
            client.publishes(MqttGlobalPublishFilter.SUBSCRIBED, p -> {
                JsonNode json;
                try {
                    json = JSON.readTree(p.getPayloadAsBytes());
                } catch (IOException e) {
                    json = null;
                }
                synchronized (got) {
                    got.add(new Received(p.getTopic().toString(), p.isRetain(), json));
                    got.notifyAll();
                }
            });
            client.connectWith().cleanStart(false).sessionExpiryInterval(3600).send().get(10, TimeUnit.SECONDS);
            client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send().get(10, TimeUnit.SECONDS);
        }

        List<Received> all() {
            synchronized (got) {
                return new ArrayList<>(got);
            }
        }

        List<JsonNode> on(String topic) {
            return all().stream().filter(r -> r.topic().equals(topic) && r.json() != null).map(Received::json).toList();
        }

        /** Waits (at most 30 s: a bound for a broken run, not a measurement) for a matching message. */
        JsonNode await(String topic, Predicate<JsonNode> test) throws InterruptedException {
            return awaitReceived(topic, r -> test.test(r.json())).json();
        }

        /** The same, for a message published while this subscriber was subscribed (not a retained one). */
        JsonNode awaitLive(String topic, Predicate<JsonNode> test) throws InterruptedException {
            return awaitReceived(topic, r -> !r.retained() && test.test(r.json())).json();
        }

        private Received awaitReceived(String topic, Predicate<Received> test) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            synchronized (got) {
                while (true) {
                    for (Received r : got) {
                        if (r.topic().equals(topic) && r.json() != null && test.test(r)) return r;
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new AssertionError("no matching message on " + topic + " within 30 s; got " + got.size()
                                + " messages on " + got.stream().map(Received::topic).distinct().toList());
                    }
                    got.wait(Math.max(1, left / 1_000_000));
                }
            }
        }

        @Override
        public void close() {
            try {
                client.disconnectWith().sessionExpiryInterval(0).send().get(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // the broker is gone already
            }
        }
    }
}
