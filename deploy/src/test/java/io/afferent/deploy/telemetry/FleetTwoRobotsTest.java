package io.afferent.deploy.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.afferent.deploy.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two runs as two robots, each {@code afferent run} in its own JVM, publishing to one real Mosquitto, and
 * {@code afferent fleet --broker URL --json} (the real CLI, a third JVM) watching: its JSON lines show two robots,
 * both online at once with their profiles and live figures, then both offline with reason {@code stopped}.
 */
class FleetTwoRobotsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void twoRunsShowAsTwoRobotsInTheFleetsJsonLines(@TempDir Path dir) throws Exception {
        try (TestBroker broker = TestBroker.start(dir.resolve("broker"));
             ChildCli fleet = new ChildCli("fleet", "fleet", "--broker", broker.url(), "--json", "--duration", "120s")) {
            broker.awaitSubscription("afferent/+/#"); // the fleet view is listening

            Path a = profile(dir, "rover-a", "sim-laptop", broker);
            Path b = profile(dir, "rover-b", "sim-faults", broker);
            Map<String, JsonNode> lastRow = new LinkedHashMap<>();
            Set<String> bothOnlineSeen = new TreeSet<>();
            Map<String, Long> lines = new LinkedHashMap<>();
            try (ChildCli runA = new ChildCli("rover-a", "run", a.toString(), "--duration", "4s", "--report-dir", dir.resolve("ra").toString());
                 ChildCli runB = new ChildCli("rover-b", "run", b.toString(), "--duration", "4s", "--report-dir", dir.resolve("rb").toString())) {
                // Read the fleet's lines until both robots have said goodbye.
                while (!(stopped(lastRow.get("rover-a")) && stopped(lastRow.get("rover-b")))) {
                    String line = fleet.nextLine(60);
                    assertTrue(line != null, "the fleet view ended early:\n" + fleet.output());
                    if (!line.startsWith("{")) {
                        continue; // a warning, on the same output
                    }
                    JsonNode n = JSON.readTree(line);
                    String robot = n.path("robot").asText();
                    lines.merge(robot, 1L, Long::sum);
                    assertEquals(robot, n.path("row").path("robot").asText(), n.path("row").toString());
                    if (!n.path("topic").asText().equals("summary")) { // summary.json as the run wrote it
                        assertEquals(robot, n.path("payload").path("robot").asText(), n.path("topic").asText());
                    }
                    lastRow.put(robot, n.path("row"));
                    if (lastRow.size() == 2 && lastRow.values().stream().allMatch(r -> r.path("online").asBoolean())) {
                        bothOnlineSeen.add(robot);
                    }
                }
                assertEquals(0, runA.waitFor(60), runA.output());
                assertEquals(0, runB.waitFor(60), runB.output());
            }
            System.out.println("fleet --json: lines per robot " + lines + "; last rows " + lastRow);
            assertEquals(Set.of("rover-a", "rover-b"), lastRow.keySet(), "two robots");
            assertTrue(!bothOnlineSeen.isEmpty(), "both online at the same time");
            JsonNode ra = lastRow.get("rover-a");
            JsonNode rb = lastRow.get("rover-b");
            assertEquals("sim-laptop-a", ra.path("profile").asText(), ra.toString());
            assertEquals("sim-faults-b", rb.path("profile").asText(), rb.toString());
            for (JsonNode r : new JsonNode[] {ra, rb}) {
                assertEquals("offline", r.path("state").asText(), r.toString());
                assertEquals("stopped", r.path("offline_reason").asText(), r.toString());
                assertTrue(r.path("imu_rate_hz").asDouble() > 0, "live figures from the intervals: " + r);
                assertTrue(r.path("deadline_misses").isIntegralNumber(), r.toString());
                assertEquals("run_stopped", r.path("last_event_kind").asText(), r.toString());
            }
        }
    }

    private static boolean stopped(JsonNode row) {
        return row != null && "offline".equals(row.path("state").asText()) && "stopped".equals(row.path("offline_reason").asText());
    }

    private static Path profile(Path dir, String robot, String base, TestBroker broker) throws Exception {
        String name = base + "-" + robot.substring(robot.length() - 1);
        String yaml = Files.readString(Cli.PROFILES.resolve(base + ".yaml")).replace("name: " + base + "\n", "name: " + name + "\n")
                + "\ntelemetry:\n  mqtt: {broker: " + broker.url() + ", robot: " + robot + "}\n";
        Path p = dir.resolve(name + ".yaml");
        Files.writeString(p, yaml);
        return p;
    }
}
