package io.afferent.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A plain MQTT subscriber for tests: keeps every message it receives, in order. */
final class TestSubscriber implements AutoCloseable {
    record Message(String topic, boolean retained, JsonNode json, byte[] payload) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Mqtt5AsyncClient client;
    private final List<Message> messages = new ArrayList<>();

    TestSubscriber(int port, String filter) throws Exception {
        this(BrokerSettings.builder(new BrokerUrl(false, "127.0.0.1", port)).build(), filter);
    }

    /**
     * Subscribes with a persistent session (it survives a broker restart with persistence), so that what is
     * published while this subscriber reconnects is queued for it.
     */
    TestSubscriber(BrokerSettings s, String filter) throws Exception {
        Mqtt5ClientBuilder b = Mqtt5Client.builder().identifier("test-sub-" + System.nanoTime())
                .serverHost(s.url().host()).serverPort(s.url().port())
                .automaticReconnect().initialDelay(100, TimeUnit.MILLISECONDS).maxDelay(200, TimeUnit.MILLISECONDS)
                .applyAutomaticReconnect();
        if (s.url().tls()) {
            var ssl = b.sslConfig();
            s.trustManagers().ifPresent(ssl::trustManagerFactory);
            s.keyManagers().ifPresent(ssl::keyManagerFactory);
            b = ssl.applySslConfig();
        }
        if (s.username().isPresent()) {
            b = b.simpleAuth().username(s.username().get()).password(s.password().orElseThrow()).applySimpleAuth();
        }
        client = b.buildAsync();
        client.publishes(MqttGlobalPublishFilter.SUBSCRIBED, p -> {
            JsonNode json;
            try {
                json = JSON.readTree(p.getPayloadAsBytes());
            } catch (IOException e) {
                json = null;
            }
            synchronized (messages) {
                messages.add(new Message(p.getTopic().toString(), p.isRetain(), json, p.getPayloadAsBytes()));
                messages.notifyAll();
            }
        });
        client.connectWith().cleanStart(false).sessionExpiryInterval(3600).send().get(10, TimeUnit.SECONDS);
        client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send().get(10, TimeUnit.SECONDS);
    }

    List<Message> messages() {
        synchronized (messages) {
            return new ArrayList<>(messages);
        }
    }

    List<Message> on(String topic) {
        return messages().stream().filter(m -> m.topic().equals(topic)).toList();
    }

    /** Waits (at most 30 s: a bound for a broken run, not a measurement) for a message that matches. */
    Message await(String topic, Predicate<JsonNode> test) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        synchronized (messages) {
            while (true) {
                for (Message m : messages) {
                    if (m.topic().equals(topic) && m.json() != null && test.test(m.json())) return m;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no message on " + topic + " that matches within 30 s; got: " + summary());
                }
                messages.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    private String summary() {
        StringBuilder sb = new StringBuilder();
        for (Message m : messages) {
            sb.append("\n  ").append(m.topic()).append(' ').append(m.json());
        }
        return sb.toString();
    }

    @Override
    public void close() {
        // End the session too, so that the broker keeps nothing for this subscriber.
        try {
            client.disconnectWith().sessionExpiryInterval(0).send().get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // the broker is gone already
        }
    }
}
