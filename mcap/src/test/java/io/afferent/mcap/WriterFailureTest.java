package io.afferent.mcap;

import io.afferent.mcap.McapRecord.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Full disks (a real tmpfs of 256 KiB, /dev/full) and unusable paths: clear errors, a valid prefix. */
class WriterFailureTest {
    @TempDir
    Path dir;
    private Path mounted;

    private Path smallDisk() throws Exception {
        return mount("size=256k");
    }

    private Path mount(String options) throws Exception {
        Path m = dir.resolve("disk");
        Files.createDirectories(m);
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", options, "tmpfs", m.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean ok = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        assumeTrue(ok, "a tmpfs (" + options + ") is needed for this test (mount needs root): " + out);
        mounted = m;
        return m;
    }

    @AfterEach
    void unmount() throws Exception {
        if (mounted != null) {
            new ProcessBuilder("umount", mounted.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aDiskThatFillsDuringARecordingStopsTheWriterAndKeepsAValidPrefix() throws Exception {
        Path disk = smallDisk();
        Path f = disk.resolve("run.mcap");
        McapWriterOptions o = McapWriterOptions.builder().compression(Compression.NONE).chunkSizeBytes(8 * 1024)
                .minFreeBytes(0).build();
        McapWriter w = McapWriter.open(f, o);
        int ch = w.addChannel(0, "/noise", "raw", Map.of());
        Random rnd = new Random(1);
        byte[] payload = new byte[200];
        List<Message> written = new ArrayList<>();
        McapWriteException error = null;
        for (int i = 0; i < 100_000 && error == null; i++) {
            rnd.nextBytes(payload);
            try {
                w.writeMessage(ch, i, i, i, payload, 0, payload.length);
                written.add(new Message(ch, i, i, i, payload.clone()));
            } catch (McapWriteException e) {
                error = e;
            }
        }
        assertTrue(error != null, "the 256 KiB disk filled up");
        assertTrue(error.getMessage().contains("No space left on device"), error.getMessage());
        assertTrue(error.getMessage().contains(f.toString()), error.getMessage());
        assertTrue(w.failed());
        McapWriteException again = assertThrows(McapWriteException.class,
                () -> w.writeMessage(ch, 0, 0, 0, payload, 0, 1));
        assertTrue(again.getMessage().contains("stopped after an earlier error"), again.getMessage());
        assertDoesNotThrow(w::close, "close after a failure does not throw a second error");
        assertDoesNotThrow(w::close);

        // What was written is a valid truncated MCAP file: all its chunks are complete.
        McapContents c = McapReader.readAll(f);
        assertTrue(c.truncated());
        assertTrue(c.truncation().contains("without a footer"), c.truncation());
        assertTrue(c.messages().size() > 500, "messages kept: " + c.messages().size());
        assertEquals(written.subList(0, c.messages().size()), c.messages());
        Path repaired = dir.resolve("repaired.mcap");
        McapRepair.Result r = McapRepair.repair(f, repaired);
        assertEquals(c.messages().size(), r.messages());
        try (McapIndexedReader ir = McapReader.indexed(repaired)) {
            assertEquals(c.messages(), ir.readMessages());
        }
    }

    @Test
    void aFullDiskIsAnErrorAtOpen() throws Exception {
        Path disk = smallDisk();
        McapWriteException e = assertThrows(McapWriteException.class,
                () -> McapWriter.open(disk.resolve("a.mcap"), McapWriterOptions.defaults()));
        assertTrue(e.getMessage().contains("free on the file system") && e.getMessage().contains("minFreeBytes"),
                e.getMessage());
        try (OutputStream out = Files.newOutputStream(disk.resolve("filler"))) {
            byte[] block = new byte[4096];
            while (true) {
                out.write(block);
                out.flush();
            }
        } catch (IOException full) {
            // The disk is full now.
        }
        Path f = disk.resolve("b.mcap");
        e = assertThrows(McapWriteException.class,
                () -> McapWriter.open(f, McapWriterOptions.builder().minFreeBytes(0).build()));
        assertTrue(e.getMessage().contains("cannot record to " + f) && e.getMessage().contains("No space left"),
                e.getMessage());
        assertFalse(Files.exists(f), "no empty file is left behind");
    }

    @Test
    void devFullFailsTheFirstWrite() {
        Path full = Path.of("/dev/full");
        assumeTrue(Files.exists(full), "/dev/full exists on Linux");
        McapWriteException e = assertThrows(McapWriteException.class,
                () -> McapWriter.open(full, McapWriterOptions.builder().overwrite(true).minFreeBytes(0).build()));
        assertTrue(e.getMessage().contains("the first write failed: No space left on device"), e.getMessage());
        assertTrue(Files.exists(full));
    }

    @Test
    void aReadOnlyDirectoryIsAClearErrorAtOpen() throws Exception {
        Path ro = mount("ro,size=64k");
        Path f = ro.resolve("run.mcap");
        McapWriteException e = assertThrows(McapWriteException.class,
                () -> McapWriter.open(f, McapWriterOptions.builder().minFreeBytes(0).build()));
        assertTrue(e.getMessage().contains("cannot record to " + f) && e.getMessage().contains("not writable"),
                e.getMessage());
    }

    @Test
    void unusablePathsAreClearErrorsAtOpen() throws Exception {
        McapWriteException e = assertThrows(McapWriteException.class,
                () -> McapWriter.open(dir.resolve("missing/run.mcap"), McapWriterOptions.defaults()));
        assertTrue(e.getMessage().contains("directory " + dir.resolve("missing") + " does not exist"), e.getMessage());
        Path file = dir.resolve("a-file");
        Files.writeString(file, "x");
        e = assertThrows(McapWriteException.class,
                () -> McapWriter.open(file.resolve("run.mcap"), McapWriterOptions.defaults()));
        assertTrue(e.getMessage().contains("is not a directory"), e.getMessage());
        Path existing = dir.resolve("run.mcap");
        Files.writeString(existing, "old recording");
        e = assertThrows(McapWriteException.class, () -> McapWriter.open(existing, McapWriterOptions.defaults()));
        assertTrue(e.getMessage().contains("already exists"), e.getMessage());
        assertEquals("old recording", Files.readString(existing));
        McapWriter.open(existing, McapWriterOptions.builder().overwrite(true).build()).close();
        assertFalse(McapReader.readAll(existing).truncated());
    }
}
