package io.afferent.deploy.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import io.afferent.deploy.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code afferent run} with telemetry in a child JVM, killed with SIGKILL mid-run: no shutdown hook runs and no
 * goodbye is sent, and the broker's last will turns the retained {@code status} into {@code offline} with reason
 * {@code connection_lost}, which a subscriber that comes later still sees.
 */
class LastWillRunTest {
    private static final String ROBOT = "rover-killed";

    @Test
    void aKilledRunIsMarkedOfflineByTheBrokersLastWill(@TempDir Path dir) throws Exception {
        try (TestBroker broker = TestBroker.start(dir.resolve("broker"))) {
            String yaml = Files.readString(Cli.PROFILES.resolve("sim-laptop.yaml"))
                    .replace("name: sim-laptop\n", "name: sim-laptop-killed\n")
                    + "\ntelemetry:\n  mqtt: {broker: " + broker.url() + ", robot: " + ROBOT + ", keep_alive: 60s}\n";
            Path profile = dir.resolve("sim-laptop-killed.yaml");
            Files.writeString(profile, yaml);
            try (TestBroker.Subscriber sub = broker.new Subscriber("afferent/" + ROBOT + "/#");
                 ChildCli child = new ChildCli("robot", "run", profile.toString(), "--duration", "5m",
                         "--report-dir", dir.resolve("r").toString())) {
                JsonNode online = sub.await("afferent/" + ROBOT + "/status", j -> j.path("state").asText().equals("online"));
                assertEquals(child.pid(), online.path("pid").asLong(), "the child's own status: " + online);
                assertEquals("sim-laptop-killed", online.path("profile").asText());
                // The run is under way: its reporter has published an interval.
                sub.await("afferent/" + ROBOT + "/interval", j -> j.path("uptime_s").asDouble() > 0);

                child.process().destroyForcibly(); // SIGKILL: no shutdown hook, no offline status, no DISCONNECT
                assertEquals(137, child.waitFor(30), "killed by SIGKILL");

                // The keep-alive (60 s) is not what tells the broker: the kernel closes the dead process's socket.
                JsonNode will = sub.await("afferent/" + ROBOT + "/status", j -> j.path("state").asText().equals("offline"));
                assertEquals("connection_lost", will.path("reason").asText(), will.toString());
                assertTrue(will.path("at").isNull(), "the will is written at connect, without a time: " + will);
                assertEquals(child.pid(), will.path("pid").asLong());
                assertEquals("sim-laptop-killed", will.path("profile").asText());
                assertEquals(online.path("started_at").asText(), will.path("started_at").asText());
                List<JsonNode> events = sub.on("afferent/" + ROBOT + "/events");
                assertTrue(events.stream().noneMatch(e -> e.path("kind").asText().equals("run_stopped")),
                        "a killed run says no goodbye: " + events);
                assertTrue(sub.on("afferent/" + ROBOT + "/status").stream()
                        .noneMatch(s -> "stopped".equals(s.path("reason").asText())), "no clean offline");

                // Retained: a fleet view that starts now sees the robot offline.
                try (TestBroker.Subscriber late = broker.new Subscriber("afferent/" + ROBOT + "/status")) {
                    JsonNode st = late.await("afferent/" + ROBOT + "/status", j -> true);
                    assertTrue(late.all().get(0).retained(), "retained");
                    assertEquals("offline", st.path("state").asText());
                    assertEquals("connection_lost", st.path("reason").asText());
                }
                System.out.println("last will through afferent run: pid " + child.pid() + " killed, status " + will);
            }
        }
    }
}
