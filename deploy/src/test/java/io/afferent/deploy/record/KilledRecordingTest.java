package io.afferent.deploy.record;

import io.afferent.deploy.Cli;
import io.afferent.mcap.McapContents;
import io.afferent.mcap.McapReader;
import io.afferent.mcap.McapRecord;
import io.afferent.record.ExactCodec;
import io.afferent.api.msg.Imu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A recording run in a child JVM ({@code afferent run sim-laptop --record}) killed with SIGKILL: the file left
 * behind is repaired with {@code afferent record repair}, holds every IMU message from the first on with no gap, and
 * its last message was published at most 100 ms before the kill.
 */
class KilledRecordingTest {
    @Test
    void aKilledRecordingKeepsEverythingUpTo100MsBeforeTheKill(@TempDir Path reports) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path log = reports.resolve("child.log");
        Process child = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), "io.afferent.deploy.Main", "run",
                Cli.PROFILES.resolve("sim-laptop.yaml").toString(), "--duration", "120s", "--record",
                "--report-dir", reports.resolve("runs").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Path file = null;
        try {
            // wait (bounded) until the recording holds a few chunks: about 2 s of the run
            for (int i = 0; i < 600 && (file == null || Files.size(file) < 600_000); i++) {
                Thread.sleep(100);
                file = find(reports.resolve("runs"));
                assertTrue(child.isAlive(), () -> "the child run ended early: " + read(log));
            }
            assertTrue(file != null && Files.size(file) >= 600_000, "recording did not grow: " + read(log));
        } finally {
            long killEpochNs = System.currentTimeMillis() * 1_000_000L;
            child.destroyForcibly();   // SIGKILL on Linux
            child.waitFor(30, TimeUnit.SECONDS);
            if (file != null) {
                check(file, killEpochNs);
            }
        }
    }

    private static void check(Path file, long killEpochNs) throws Exception {
        McapContents raw = McapReader.readAll(file);
        assertTrue(raw.truncated(), "a killed recording has no summary");
        Cli cli = new Cli();
        Path repaired = file.resolveSibling("repaired.mcap");
        assertEquals(0, cli.run("record", "repair", file.toString(), "--out", repaired.toString()), cli.err.toString());
        McapContents c = McapReader.readAll(repaired);
        assertTrue(!c.truncated());
        assertEquals(raw.messages().size(), c.messages().size());
        long last = Long.MIN_VALUE;
        for (McapRecord.Message m : c.messages()) {
            last = Math.max(last, m.logTime());
        }
        List<McapRecord.Message> imu = c.messagesOn("/afferent/imu");
        ExactCodec<Imu> codec = new ExactCodec<>(Imu.TYPE);
        Imu msg = new Imu();
        for (int i = 0; i < imu.size(); i++) {
            assertEquals(i, codec.decode(imu.get(i).data(), msg).sequence(), "IMU message " + i + " is there, in order");
        }
        double lostMs = (killEpochNs - last) * 1e-6;
        System.out.printf("killed recording: %d messages recovered, the last published %.1f ms before the kill%n",
                c.messages().size(), lostMs);
        assertTrue(lostMs <= 100, "last recovered message " + lostMs + " ms before the kill");
    }

    private static Path find(Path runs) throws Exception {
        if (!Files.isDirectory(runs)) {
            return null;
        }
        try (Stream<Path> s = Files.walk(runs)) {
            return s.filter(p -> p.getFileName().toString().equals("run.mcap")).findFirst().orElse(null);
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (Exception e) {
            return e.toString();
        }
    }
}
