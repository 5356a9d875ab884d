package io.afferent.deploy.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.afferent.api.msg.Imu;
import io.afferent.deploy.Cli;
import io.afferent.mcap.McapContents;
import io.afferent.mcap.McapReader;
import io.afferent.mcap.McapRecord;
import io.afferent.record.ExactCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The report directory on a small tmpfs (root only: it mounts one; skipped otherwise, CI runs as root): the disk
 * fills during a recording run of {@code afferent run sim-laptop --record} in a child JVM (another writer fills it
 * while the recording grows). The recording stops when less than its 4 MiB reserve is left, so that the run's report
 * can still be written; the run goes on and ends as documented, the stop is logged once with its reason and counted
 * in summary.json, and the file is complete up to the stop, read with our reader and with Foxglove's stream and
 * indexed readers. A 2 MiB tmpfs at start, a read-only directory: exit 2 with the reason.
 */
class FullDiskRecordingTest {
    private static final String STOP_LINE = "recording stopped";

    static boolean canMount() {
        return "root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/bin/mount"));
    }

    /** A mounted tmpfs of {@code size} (mount's units: 2m, 24m); unmounted by {@link #close}. */
    record Tmpfs(Path dir) implements AutoCloseable {
        static Tmpfs mount(Path dir, String size) throws Exception {
            Files.createDirectories(dir);
            assertEquals(0, exec("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString()), "mount " + dir);
            return new Tmpfs(dir);
        }

        long free() throws IOException {
            return Files.getFileStore(dir).getUsableSpace();
        }

        @Override
        public void close() throws Exception {
            exec("umount", "-l", dir.toString());
        }
    }

    static int exec(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", cmd) + " did not finish");
        return p.exitValue();
    }

    /** {@code afferent run PROFILE --record ...EXTRA} in a child JVM, its output (stdout and stderr) in {@code log}. */
    static Process run(Path log, Path reports, String profile, String... extra) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), "io.afferent.deploy.Main", "run", profile, "--record",
                "--report-dir", reports.toString()));
        cmd.addAll(List.of(extra));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    static Path find(Path runs, String name) throws IOException {
        if (!Files.isDirectory(runs)) {
            return null;
        }
        try (Stream<Path> s = Files.walk(runs)) {
            return s.filter(p -> p.getFileName().toString().equals(name)).findFirst().orElse(null);
        }
    }

    /**
     * Starts a recording run on the tmpfs and, once the recording is growing, fills the file system up to 2.5 MB
     * left: the recorder finds it at its next check of the free space. Returns the child's exit code.
     */
    static int fillDuringRun(Tmpfs fs, Path log, String profile, String duration) throws Exception {
        Path runs = fs.dir().resolve("runs");
        Process child = run(log, runs, profile, "--duration", duration);
        try {
            Path file = null;
            for (int i = 0; i < 600 && (file == null || Files.size(file) < 400_000); i++) {
                Thread.sleep(50);
                file = find(runs, "run.mcap");
                assertTrue(child.isAlive() || file != null, () -> "the child ended early: " + read(log));
            }
            assertTrue(file != null, "no recording: " + read(log));
            // another writer fills the disk up to 2.5 MB, under the recorder's 4 MiB reserve: the recorder finds
            // it at its next check (once a second), with seconds of recording to spare before the disk is full
            long ballast = fs.free() - 2_500_000;
            try (var out = Files.newOutputStream(fs.dir().resolve("ballast"))) {
                byte[] block = new byte[64 * 1024];
                for (long n = 0; n + block.length <= ballast; n += block.length) {
                    out.write(block);
                }
            }
            assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the run did not end: " + read(log));
            return child.exitValue();
        } finally {
            child.destroyForcibly();
        }
    }

    static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return e.toString();
        }
    }

    static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    /** What a run on a filling disk left: exit code, output, a copy of the recording taken off the tmpfs, summary.json. */
    record Filled(int exit, String out, Path copy, JsonNode summary) {
    }

    static Filled runOnFillingDisk(Path tmp, String profile, String duration) throws Exception {
        Path log = tmp.resolve("child.log");
        Path copy = tmp.resolve("run.mcap");
        try (Tmpfs fs = Tmpfs.mount(tmp.resolve("mnt"), "24m")) {
            int exit = fillDuringRun(fs, log, profile, duration);
            Path runs = fs.dir().resolve("runs");
            Files.copy(find(runs, "run.mcap"), copy);
            Path json = find(runs, "summary.json");
            assertTrue(json != null, "summary.json written: " + read(log));
            String out = read(log);
            System.out.println(out.lines().filter(l -> l.contains("recording") || l.contains("Afferent run"))
                    .reduce("", (a, b) -> a + b + "\n"));
            return new Filled(exit, out, copy, new ObjectMapper().readTree(json.toFile()));
        }
    }

    @Test
    void aDiskThatFillsDuringTheRunStopsTheRecordingAndTheRunGoesOn(@TempDir Path tmp) throws Exception {
        assumeTrue(canMount(), "mounts a tmpfs: root only");
        Filled f = runOnFillingDisk(tmp, Cli.PROFILES.resolve("sim-laptop.yaml").toString(), "8s");
        int exit = f.exit();
        String out = f.out();
        Path copy = f.copy();
        JsonNode summary = f.summary();
        assertEquals(0, exit, "on_error: continue: the run goes on and ends as any run: " + out);
        assertEquals(1, count(out, STOP_LINE + ", the run goes on: "), "the stop is logged once: " + out);
        assertTrue(out.contains("KiB left, less than the 4 MiB the recording leaves for the run's report"), "the reason: " + out);
        JsonNode rec = summary.get("recording");
        assertTrue(rec.get("state").asText().startsWith("stopped: the file system of "), rec.toString());
        assertTrue(rec.get("not_written").asLong() > 0, "what came after the stop is counted: " + rec);
        assertTrue(rec.get("stopped_after_s").asDouble() > 0, rec.toString());
        JsonNode imuTopic = rec.get("topics").get("imu");
        assertEquals(summary.get("topics").get("imu").get("published").asLong(), imuTopic.get("published").asLong());
        assertEquals(8.0, summary.get("duration_s").asDouble(), 0.5, "the run went on to its end");

        // the part written: a complete file (summary and index), every IMU message from the first on, with no gap
        McapContents ours = McapReader.readAll(copy);
        assertFalse(ours.truncated(), "a recording stopped for space is closed in order");
        List<McapRecord.Message> imu = ours.messagesOn("/afferent/imu");
        ExactCodec<Imu> codec = new ExactCodec<>(Imu.TYPE);
        Imu m = new Imu();
        for (int i = 0; i < imu.size(); i++) {
            assertEquals(i, codec.decode(imu.get(i).data(), m).sequence(), "IMU message " + i + " is there, in order");
        }
        assertTrue(imu.size() > 500, "recorded before the stop: " + imu.size());
        assertEquals(imuTopic.get("recorded").asLong(), imu.size(), "summary.json counts what is in the file: " + imuTopic);
        assertEquals(imuTopic.get("published").asLong(), imu.size() + imuTopic.get("recorder_dropped").asLong());
        for (String mode : List.of("stream", "indexed")) {
            JsonNode fox = FoxgloveRecordingTest.decode(mode, copy);
            assertEquals(0, fox.get("errors").size(), fox.get("errors").toString());
            assertEquals(ours.messages().size(), fox.get("messages").size(), "Foxglove's " + mode + " reader reads the same");
            assertEquals(imu.size(), fox.get("countsByTopic").get("/afferent/imu").asLong());
        }
    }

    @Test
    void onErrorStopEndsTheRunInOrderWithTheReasonAndExitOne(@TempDir Path tmp) throws Exception {
        assumeTrue(canMount(), "mounts a tmpfs: root only");
        String yaml = Files.readString(Cli.PROFILES.resolve("sim-laptop.yaml"));
        Path profile = tmp.resolve("sim-laptop-stop.yaml");
        Files.writeString(profile, yaml.replace("\nreport:", "\nrecord: {on_error: stop}\n\nreport:"));
        Filled f = runOnFillingDisk(tmp, profile.toString(), "60s");
        int exit = f.exit();
        String out = f.out();
        Path copy = f.copy();
        JsonNode summary = f.summary();
        assertEquals(1, exit, out);
        assertEquals(1, count(out, STOP_LINE + ", the run stops (record.on_error: stop): "), "logged once: " + out);
        String reason = summary.get("stop_reason").asText();
        assertTrue(reason.startsWith("recording stopped (record.on_error: stop): the file system of "), reason);
        assertEquals(1, summary.get("exit_code").asInt());
        assertTrue(out.contains("Afferent run: " + profile + ", ") && out.contains(reason), "the console report: " + out);
        assertTrue(summary.get("duration_s").asDouble() < 60, "the run ended before its duration");
        assertTrue(summary.get("recording").get("state").asText().startsWith("stopped: "));
        // stopped in order: every thread stopped, the file is complete, summary.json is in it as an attachment
        McapContents ours = McapReader.readAll(copy);
        assertFalse(ours.truncated());
        assertTrue(ours.attachments().stream().anyMatch(a -> a.name().equals("summary.json")));
        JsonNode imuTopic = summary.get("recording").get("topics").get("imu");
        assertEquals(imuTopic.get("recorded").asLong(), ours.messagesOn("/afferent/imu").size());
        assertEquals(summary.get("topics").get("imu").get("published").asLong(),
                imuTopic.get("recorded").asLong() + imuTopic.get("recorder_dropped").asLong());
    }

    @Test
    void tooLittleSpaceOrAnUnwritableDirectoryAtStartIsExitTwo(@TempDir Path tmp) throws Exception {
        assumeTrue(canMount(), "mounts a tmpfs: root only");
        Cli cli = new Cli();
        try (Tmpfs fs = Tmpfs.mount(tmp.resolve("small"), "2m")) {
            assertEquals(2, cli.run("run", Cli.PROFILES.resolve("sim-laptop.yaml").toString(), "--duration", "2s",
                    "--record", "--report-dir", fs.dir().resolve("runs").toString()));
            assertTrue(cli.err.toString().contains("free on the file system"), cli.err.toString());
        }
        // unwritable: a read-only mount (root ignores permission bits)
        Cli cli2 = new Cli();
        Path ro = tmp.resolve("ro");
        try (Tmpfs fs = Tmpfs.mount(ro, "4m")) {
            Files.createDirectories(ro.resolve("runs"));
            assertEquals(0, exec("mount", "-o", "remount,ro", ro.toString()));
            assertEquals(2, cli2.run("run", Cli.PROFILES.resolve("sim-laptop.yaml").toString(), "--duration", "2s",
                    "--record", "--report-dir", ro.resolve("runs").toString()));
            assertTrue(cli2.err.toString().contains("Read-only file system") || cli2.err.toString().contains("not writable"),
                    cli2.err.toString());
            assertFalse(cli2.err.toString().contains("\tat "), "no stack trace: " + cli2.err);
        }
    }
}
