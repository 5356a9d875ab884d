package io.afferent.mcap;

import io.afferent.mcap.McapRecord.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGKILL a child JVM that records continuously (chunk age 100 ms, flushIfOlderThan every 10 ms), repair
 * the file, and find every message logged more than 100 ms before the kill. System.nanoTime() is
 * CLOCK_MONOTONIC on Linux, shared by both processes, so log times compare with the kill time.
 */
class KillRecoveryTest {
    @TempDir
    Path dir;

    @Test
    void aKilledRecorderLosesAtMostTheLast100Ms() throws Exception {
        Path f = dir.resolve("killed.mcap");
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process p = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-Xmx64m", "-cp",
                System.getProperty("java.class.path"), KillWriterMain.class.getName(), f.toString())
                .redirectErrorStream(true).start();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder out = new StringBuilder();
        for (String line; (line = r.readLine()) != null; ) {
            out.append(line).append('\n');
            if (line.equals("RECORDING")) {
                break;
            }
        }
        assertTrue(out.toString().contains("RECORDING"), "child did not start recording:\n" + out);
        Thread.sleep(1500);
        long killNanos = System.nanoTime();
        p.destroyForcibly();   // SIGKILL on Linux
        // A bound so that a hang fails the test instead of blocking the build; not a timing assertion.
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(137, p.exitValue(), "killed by SIGKILL");

        McapContents raw = McapReader.readAll(f);
        assertTrue(raw.truncated(), "a killed recorder leaves no footer");
        Path repaired = dir.resolve("repaired.mcap");
        McapRepair.Result res = McapRepair.repair(f, repaired);
        List<Message> messages;
        try (McapIndexedReader ir = McapReader.indexed(repaired)) {
            messages = ir.readMessages();
        }
        assertEquals(raw.messages().size(), messages.size());
        assertTrue(messages.size() > 1000, "messages recovered: " + messages.size());
        for (int i = 0; i < messages.size(); i++) {
            Message m = messages.get(i);
            assertEquals(i, m.sequence(), "no gap");
            assertEquals(i, ByteBuffer.wrap(m.data()).order(ByteOrder.LITTLE_ENDIAN).getLong());
        }
        long last = messages.getLast().logTime();
        double lostMs = (killNanos - last) / 1e6;
        System.out.printf("kill test: %s; last recovered message %.1f ms before the kill%n", res.describe(), lostMs);
        // Every message logged before (kill - 100 ms) has a sequence number at most the last recovered one,
        // and no sequence number is missing: so all of them are in the file.
        assertTrue(last >= killNanos - 100_000_000L, String.format("last recovered message %.1f ms before the kill", lostMs));
    }
}
