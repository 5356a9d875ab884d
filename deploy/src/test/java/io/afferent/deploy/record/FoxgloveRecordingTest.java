package io.afferent.deploy.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.afferent.api.msg.Imu;
import io.afferent.api.msg.Pose;
import io.afferent.deploy.Cli;
import io.afferent.mcap.McapContents;
import io.afferent.mcap.McapReader;
import io.afferent.mcap.McapRecord;
import io.afferent.record.ExactCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A recorded sim-laptop run read with Foxglove's own TypeScript readers (mcap/src/test/node/decode.mjs: @mcap/core,
 * @mcap/support, @foxglove/rosmsg, @foxglove/rosmsg2-serialization) under the machine's Node.js: every message
 * decoded, the counts of the run, and the values our reader gives; then a truncated copy through their stream reader.
 */
class FoxgloveRecordingTest {
    static final Path NODE_DIR = Path.of(System.getProperty("user.dir")).resolveSibling("mcap").resolve("src/test/node");

    static JsonNode decode(String mode, Path file) throws Exception {
        if (!Files.isDirectory(NODE_DIR.resolve("node_modules/@mcap/core"))) {
            assertEquals(0, exec(List.of("npm", "ci", "--no-audit", "--no-fund"), Files.createTempFile("npm", ".out")),
                    "npm ci in " + NODE_DIR + " (Node.js and npm must be installed)");
        }
        Path out = Files.createTempFile("foxglove", ".json");
        try {
            assertEquals(0, exec(List.of("node", "decode.mjs", mode, file.toString()), out), "node decode.mjs " + mode);
            return new ObjectMapper().readTree(out.toFile());
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static int exec(List<String> cmd, Path out) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(cmd).directory(NODE_DIR.toFile()).redirectOutput(out.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            fail(cmd.getFirst() + " is not installed: this test needs Node.js and npm on the PATH. " + e.getMessage());
            return -1;
        }
        // a bound so that a hang fails the test instead of the build; not a timing assertion
        if (!p.waitFor(900, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", cmd) + " did not finish");
        }
        return p.exitValue();
    }

    @Test
    void foxgloveDecodesEveryRecordedMessageWithOurCountsAndValues(@TempDir Path reports) throws Exception {
        Cli cli = new Cli();
        assertEquals(0, cli.run("run", Cli.PROFILES.resolve("sim-laptop.yaml").toString(), "--duration", "3s",
                "--report-dir", reports.toString(), "--record"), cli.err.toString());
        Path dir = RecordReplayTest.runDir(reports);
        Path file = dir.resolve("run.mcap");
        JsonNode summary = new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
        JsonNode fox = decode("indexed", file);
        assertEquals(0, fox.get("errors").size(), fox.get("errors").toString());
        for (String topic : List.of("imu", "wheels", "gps", "pose")) {
            long recorded = summary.get("recording").get("topics").get(topic).get("recorded").asLong();
            assertEquals(recorded, fox.get("countsByTopic").get("/afferent/" + topic).asLong(), topic);
            assertEquals(recorded, fox.get("countsByTopic").get("/" + topic).asLong(), topic);
        }
        McapContents ours = McapReader.readAll(file);
        assertEquals(ours.messages().size(), fox.get("messages").size());
        ExactCodec<Imu> imuCodec = new ExactCodec<>(Imu.TYPE);
        ExactCodec<Pose> poseCodec = new ExactCodec<>(Pose.TYPE);
        Map<String, Integer> index = new HashMap<>();
        Map<String, List<McapRecord.Message>> byTopic = new HashMap<>();
        for (McapRecord.Message m : ours.messages()) {
            byTopic.computeIfAbsent(ours.channels().get(m.channelId()).topic(), k -> new java.util.ArrayList<>()).add(m);
        }
        int checked = 0;
        for (JsonNode m : fox.get("messages")) {
            String topic = m.get("topic").asText();
            int i = index.merge(topic, 1, Integer::sum) - 1;
            McapRecord.Message mine = byTopic.get(topic).get(i);
            assertEquals(Long.toString(mine.logTime()), m.get("logTime").asText(), topic);
            assertEquals(Long.toString(mine.publishTime()), m.get("publishTime").asText(), topic);
            JsonNode v = m.get("value");
            switch (topic) {
                case "/afferent/imu", "/imu" -> {
                    Imu imu = new Imu();
                    imuCodec.decode(byTopic.get("/afferent/imu").get(i).data(), imu);
                    boolean exact = topic.startsWith("/afferent");
                    assertEquals(imu.accelX, exact ? v.get("accel_x").asDouble() : v.get("linear_acceleration").get("x").asDouble());
                    assertEquals(imu.gyroZ, exact ? v.get("gyro_z").asDouble() : v.get("angular_velocity").get("z").asDouble());
                    checked++;
                }
                case "/afferent/pose", "/pose" -> {
                    Pose p = new Pose();
                    ExactCodec.Envelope e = poseCodec.decode(byTopic.get("/afferent/pose").get(i).data(), p);
                    if (topic.startsWith("/afferent")) {
                        assertEquals(p.xM, v.get("x_m").asDouble());
                        assertEquals(Long.toString(e.sequence()), v.get("envelope_sequence").asText());
                    } else {
                        assertEquals(p.xM, v.get("pose").get("pose").get("position").get("x").asDouble());
                        assertEquals(p.yM, v.get("pose").get("pose").get("position").get("y").asDouble());
                    }
                    checked++;
                }
                default -> {
                }
            }
        }
        assertTrue(checked > 1000, "values compared: " + checked);

        // cut the file in the middle of its data: their stream reader gets every complete chunk, as ours does
        byte[] all = Files.readAllBytes(file);
        Path cut = reports.resolve("cut.mcap");
        Files.write(cut, java.util.Arrays.copyOf(all, all.length * 2 / 3));
        McapContents oursCut = McapReader.readAll(cut);
        assertTrue(oursCut.truncated());
        JsonNode foxCut = decode("stream", cut);
        assertEquals(oursCut.messages().size(), foxCut.get("messages").size());
        assertTrue(oursCut.messages().size() > 0);
        assertEquals(new String(ours.messages().getFirst().data(), StandardCharsets.ISO_8859_1),
                new String(oursCut.messages().getFirst().data(), StandardCharsets.ISO_8859_1));
    }
}
