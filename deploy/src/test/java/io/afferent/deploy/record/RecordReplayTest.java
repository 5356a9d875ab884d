package io.afferent.deploy.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.afferent.api.msg.Imu;
import io.afferent.deploy.Cli;
import io.afferent.deploy.replay.Replay;
import io.afferent.mcap.McapContents;
import io.afferent.mcap.McapReader;
import io.afferent.mcap.McapRecord;
import io.afferent.record.ExactCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Records real runs of the shipped profiles through the CLI, reads them back, replays and exports them. */
class RecordReplayTest {
    private final Cli cli = new Cli();

    static Path runDir(Path reports) throws Exception {
        try (Stream<Path> s = Files.list(reports)) {
            List<Path> dirs = s.toList();
            assertEquals(1, dirs.size(), dirs.toString());
            return dirs.getFirst();
        }
    }

    private Path record(Path reports, String profile, String... extra) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("run", Cli.PROFILES.resolve(profile).toString(),
                "--duration", "3s", "--report-dir", reports.toString(), "--record"));
        args.addAll(List.of(extra));
        int code = cli.run(args.toArray(new String[0]));
        assertEquals(0, code, cli.err.toString());
        return runDir(reports);
    }

    @Test
    void recordsEveryTopicWithExactCountsAndReplaysIdentically(@TempDir Path reports) throws Exception {
        Path dir = record(reports, "sim-laptop.yaml");
        Path file = dir.resolve("run.mcap");
        JsonNode summary = new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
        JsonNode rec = summary.get("recording");
        assertNotNull(rec, "summary.json has a recording entry");
        assertEquals(file.toString(), rec.get("file").asText());
        assertEquals(Files.size(file) > 0, rec.get("bytes").asLong() > 0);

        McapContents c = McapReader.readAll(file);
        assertFalse(c.truncated());
        Map<String, Long> onChannel = new HashMap<>();
        for (McapRecord.Message m : c.messages()) {
            onChannel.merge(c.channels().get(m.channelId()).topic(), 1L, Long::sum);
        }
        for (String topic : List.of("imu", "wheels", "gps", "pose", "fusion/order")) {
            long published = summary.get("topics").get(topic).get("published").asLong();
            JsonNode t = rec.get("topics").get(topic);
            assertEquals(published, t.get("recorded").asLong() + t.get("recorder_dropped").asLong(), topic);
            assertEquals(published, t.get("published").asLong(), topic);
            assertEquals(t.get("recorded").asLong(), onChannel.get("/afferent/" + topic), topic);
            assertTrue(published > 0, topic);
        }
        for (String topic : List.of("imu", "wheels", "gps", "pose")) {
            assertEquals(onChannel.get("/afferent/" + topic), onChannel.get("/" + topic), "ROS 2 channel of " + topic);
        }
        assertTrue(c.attachments().stream().anyMatch(a -> a.name().equals("summary.json")));
        assertTrue(c.attachments().stream().anyMatch(a -> a.name().equals("profile.yaml")));
        assertTrue(c.metadata().stream().anyMatch(m -> m.name().equals("afferent") && m.metadata().containsKey("host")));

        Replay.Result r = Replay.of(file).verify();
        assertTrue(r.identical(), r.describe());
        assertEquals(summary.get("topics").get("pose").get("published").asLong(), r.compared());
        assertEquals(summary.get("topics").get("fusion/order").get("published").asLong(), r.inputs());

        Path csv = reports.resolve("csv");
        assertEquals(0, cli.run("export", file.toString(), "--csv", csv.toString(), "--topics", "imu,gps"), cli.err.toString());
        List<String> imu = Files.readAllLines(csv.resolve("imu.csv"));
        assertTrue(imu.getFirst().startsWith("time_s,envelope_sequence,"), imu.getFirst());
        assertEquals(onChannel.get("/afferent/imu") + 1, imu.size());
        assertFalse(Files.exists(csv.resolve("pose.csv")));
        // the CSV holds the recorded values exactly: first IMU message's accel_x as our own reader decodes it
        ExactCodec<Imu> codec = new ExactCodec<>(Imu.TYPE);
        Imu first = new Imu();
        codec.decode(c.messagesOn("/afferent/imu").getFirst().data(), first);
        int col = List.of(imu.getFirst().split(",")).indexOf("accel_x");
        assertEquals(first.accelX, Double.parseDouble(imu.get(1).split(",")[col]));
    }

    @Test
    void aWindowInTheMiddleReplaysIdenticalFromTheRecordedState(@TempDir Path reports) throws Exception {
        Path file = record(reports, "sim-laptop.yaml").resolve("run.mcap");
        Replay.Result whole = Replay.of(file).verify();
        assertTrue(whole.identical(), whole.describe());
        // the stages run from the start without comparing, so their state at 1 s is the recorded one
        Replay.Result window = Replay.of(file).window(1.0, 2.0).verify();
        assertTrue(window.identical(), window.describe());
        assertTrue(window.compared() > 100 && window.compared() < whole.compared() / 2,
                window.compared() + " of " + whole.compared() + " compared inside [1 s, 2 s]");
        assertTrue(window.inputs() < whole.inputs(), "the replay stops at --to");
        // a later window compares other messages, and as many as the recording has in it (about 1 s each)
        Replay.Result later = Replay.of(file).window(1.5, 2.5).verify();
        assertTrue(later.identical(), later.describe());
        assertTrue(later.inputs() > window.inputs());
        assertEquals(0, cli.run("replay", file.toString(), "--verify", "--from", "1", "--to", "2"), cli.err.toString());
        assertTrue(cli.out.toString().contains("identical: " + window.compared() + " messages on 1 topics"),
                cli.out.toString());
    }

    @Test
    void replayOfTheFaultsProfileIsIdentical(@TempDir Path reports) throws Exception {
        Path file = record(reports, "sim-faults.yaml").resolve("run.mcap");
        Replay.Result r = Replay.of(file).verify();
        assertTrue(r.identical(), r.describe());
        assertTrue(r.compared() > 0);
        assertEquals(0, cli.run("replay", file.toString(), "--verify"), cli.err.toString());
        assertTrue(cli.out.toString().contains("identical: " + r.compared() + " messages on 1 topics"), cli.out.toString());
    }

    @Test
    void replayOfTheSerialDriversRunIsIdentical(@TempDir Path reports) throws Exception {
        // the simulator serves its GPS and IMU on pseudo-terminals in a child JVM; the run reads them with the drivers
        String java = ProcessHandle.current().info().command().orElse("java");
        Path log = Files.createTempFile("sim-serve", ".log");
        Process serve = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), "io.afferent.deploy.Main", "sim", "serve",
                Cli.PROFILES.resolve("sim-serial.yaml").toString(), "--duration", "60s")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            // the server prints "serving" once its devices exist (links left by an earlier server do not count)
            for (int i = 0; i < 600 && serve.isAlive() && !Files.readString(log).contains("serving"); i++) {
                Thread.sleep(100);
            }
            assertTrue(Files.readString(log).contains("serving"), "sim serve did not start:\n" + Files.readString(log));
            Path file = record(reports, "sim-serial-run.yaml").resolve("run.mcap");
            Replay.Result r = Replay.of(file).verify();
            assertTrue(r.identical(), r.describe());
            assertTrue(r.compared() > 0 && r.inputs() > r.compared(), r.describe());
        } finally {
            serve.destroy();
            serve.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aChangedFusionParameterIsNamedAsTheFirstDivergence(@TempDir Path reports) throws Exception {
        Path file = record(reports, "sim-laptop.yaml").resolve("run.mcap");
        String yaml = Files.readString(Cli.PROFILES.resolve("sim-laptop.yaml"));
        String changed = yaml.replace("    on_error: stop\n", "    on_error: stop\n    params:\n      ahrs_kp: 3.5\n");
        assertFalse(changed.equals(yaml), "the profile's fusion stage was found");
        Path profile = reports.resolve("sim-laptop-changed.yaml");
        Files.writeString(profile, changed);
        Replay.Result r = Replay.of(file).profile(profile).verify();
        assertFalse(r.identical());
        assertTrue(r.divergence().startsWith("topic pose #"), r.divergence());
        assertTrue(r.divergence().contains("field "), r.divergence());
        assertTrue(r.divergence().contains("-> stage fusion"), r.divergence());
        assertEquals(1, cli.run("replay", file.toString(), "--profile", profile.toString(), "--verify"));
        assertTrue(cli.out.toString().contains("divergence: topic pose #"), cli.out.toString());
    }

    @Test
    void badRecordSettingsAreAConfigurationErrorWithExitTwo(@TempDir Path dir) throws Exception {
        String yaml = Files.readString(Cli.PROFILES.resolve("sim-laptop.yaml"));
        Path bad = dir.resolve("bad-record.yaml");
        Files.writeString(bad, yaml.replace("\nreport:", "\nrecord: {compression: brotli}\n\nreport:"));
        assertEquals(2, cli.run("run", bad.toString(), "--duration", "1s", "--report-dir", dir.resolve("r").toString()));
        assertTrue(cli.err.toString().contains("compression") && cli.err.toString().contains("lz4"), cli.err.toString());
        Path outside = dir.resolve("outside.yaml");
        Files.writeString(outside, yaml.replace("\nreport:", "\nrecord: {file: ../elsewhere.mcap}\n\nreport:"));
        assertEquals(2, cli.run("run", outside.toString(), "--duration", "1s", "--report-dir", dir.resolve("r2").toString()));
        assertTrue(cli.err.toString().contains("must be a plain file name"), cli.err.toString());
        Path policy = dir.resolve("policy.yaml");
        Files.writeString(policy, yaml.replace("\nreport:", "\nrecord: {on_error: halt}\n\nreport:"));
        assertEquals(2, cli.run("run", policy.toString(), "--duration", "1s", "--report-dir", dir.resolve("r3").toString()));
        assertTrue(cli.err.toString().contains("on_error") && cli.err.toString().contains("continue")
                && cli.err.toString().contains("stop"), cli.err.toString());
    }

    @Test
    void filesThatCannotBeReplayedAreAClearErrorWithExitTwo(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("not.mcap");
        Files.write(png, new byte[]{(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0});
        assertEquals(2, cli.run("replay", png.toString(), "--verify"));
        assertTrue(cli.err.toString().contains("is not an MCAP file"), cli.err.toString());
        assertEquals(2, cli.run("replay", dir.resolve("missing.mcap").toString()));
        assertEquals(2, cli.run("record", "repair", png.toString()));
        assertEquals(2, cli.run("export", png.toString(), "--csv", dir.resolve("csv").toString()));
    }
}
