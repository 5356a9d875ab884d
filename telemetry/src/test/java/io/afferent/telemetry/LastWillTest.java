package io.afferent.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A robot whose JVM is killed with SIGKILL is marked offline by the broker's last will. */
class LastWillTest {
    @TempDir
    Path dir;

    @Test
    void theLastWillMarksAKilledRobotOffline() throws Exception {
        try (Mosquitto broker = Mosquitto.startPlain(dir);
             TestSubscriber sub = new TestSubscriber(broker.port(), "afferent/killed/status")) {
            String java = ProcessHandle.current().info().command().orElseThrow();
            Process child = new ProcessBuilder(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                    RobotMain.class.getName(), Integer.toString(broker.port()), "killed")
                    .redirectErrorStream(true).start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
                String line;
                StringBuilder seen = new StringBuilder();
                while ((line = out.readLine()) != null && !line.equals("CONNECTED")) {
                    seen.append(line).append('\n');
                }
                assertEquals("CONNECTED", line, "the child robot did not connect: " + seen);
                JsonNode online = sub.await("afferent/killed/status", j -> j.path("state").asText().equals("online")).json();
                assertEquals("child", online.get("profile").asText());

                child.destroyForcibly(); // SIGKILL: no shutdown hook, no goodbye to the broker
                assertTrue(child.waitFor(30, TimeUnit.SECONDS));
                assertEquals(137, child.exitValue(), "killed by SIGKILL");

                JsonNode will = sub.await("afferent/killed/status", j -> j.path("state").asText().equals("offline")).json();
                assertEquals("connection_lost", will.get("reason").asText());
                assertTrue(will.get("at").isNull(), "the will is written at connect: it carries no time");
                assertEquals("child", will.get("profile").asText());
                assertEquals(Payloads.STATUS_SCHEMA, will.get("schema").asText());

                // Retained: a fleet view that starts now sees the robot offline.
                try (TestSubscriber late = new TestSubscriber(broker.port(), "afferent/killed/status")) {
                    TestSubscriber.Message st = late.await("afferent/killed/status", j -> true);
                    assertTrue(st.retained());
                    assertEquals("offline", st.json().get("state").asText());
                }
                List<TestSubscriber.Message> statuses = sub.on("afferent/killed/status");
                assertEquals("offline", statuses.get(statuses.size() - 1).json().get("state").asText());
            } finally {
                child.destroyForcibly();
            }
        }
    }
}
