package io.afferent.deploy.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.afferent.deploy.Cli;
import io.afferent.deploy.replay.Replay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A chain of two stages and an output, recorded through the CLI (sim-waypoints: fusion -> waypoint follower -> the
 * simulated drive), replays identically: the follower's handlings are replayed after the fusion handlings that
 * published their poses (the order messages of two chained stages may be published in either order), and the output
 * stage is not made (it needs the simulated world, which replay does not have: replay never drives an output), while
 * the commands sent to it are compared as the follower's outputs.
 */
class ClosedLoopReplayTest {
    private final Cli cli = new Cli();

    @Test
    void aClosedLoopRecordingReplaysIdenticallyWithoutDrivingItsOutput(@TempDir Path reports) throws Exception {
        int code = cli.run("run", Cli.PROFILES.resolve("sim-waypoints.yaml").toString(), "--duration", "4s",
                "--report-dir", reports.toString(), "--record");
        assertEquals(0, code, cli.err.toString());
        Path dir = RecordReplayTest.runDir(reports);
        JsonNode topics = new ObjectMapper().readTree(dir.resolve("summary.json").toFile()).get("topics");
        long poses = topics.get("pose").get("published").asLong();
        long commands = topics.get("wheel_cmd").get("published").asLong();
        assertTrue(poses > 0 && commands > 0, "poses " + poses + ", commands " + commands);

        Replay.Result r = Replay.of(dir.resolve("run.mcap")).verify();
        System.out.println("sim-waypoints replay: " + r.describe());
        assertTrue(r.identical(), r.describe());
        assertEquals(2, r.topics(), "pose and wheel_cmd compared");
        assertEquals(poses + commands, r.compared());
        assertEquals(topics.get("fusion/order").get("published").asLong()
                + topics.get("follow/order").get("published").asLong(), r.inputs());

        assertEquals(0, cli.run("replay", dir.resolve("run.mcap").toString(), "--verify"), cli.err.toString());
        assertTrue(cli.out.toString().contains("identical: " + (poses + commands) + " messages on 2 topics"),
                cli.out.toString());
    }
}
