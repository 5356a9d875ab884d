package io.afferent.mcap;

import io.afferent.mcap.McapRecord.Attachment;
import io.afferent.mcap.McapRecord.ChunkIndex;
import io.afferent.mcap.McapRecord.Message;
import io.afferent.mcap.McapRecord.Statistics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class McapRoundTripTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Compression.class)
    void streamAndIndexedReadsGiveBackEverythingWritten(Compression compression) throws Exception {
        Path f = dir.resolve("rt.mcap");
        McapWriterOptions o = McapWriterOptions.builder().compression(compression).chunkSizeBytes(8 * 1024).build();
        SampleFiles.Written w = SampleFiles.write(f, o, 3000);
        assertTrue(w.chunks() > 20, "several chunks: " + w.chunks());
        assertEquals(Files.size(f), w.bytes());

        McapContents all = McapReader.readAll(f);
        assertFalse(all.truncated(), all.truncation());
        assertEquals(w.messages(), all.messages());
        assertEquals(w.chunks(), all.completeChunks());
        assertEquals(3, all.channels().size());
        assertEquals("/raw", all.channels().get(3).topic());
        assertEquals(0, all.channels().get(3).schemaId());
        assertEquals(Map.of("k1", "v1", "k2", "v2"), all.channels().get(3).metadata());
        assertEquals(1, all.schemas().size());
        assertEquals("test_msgs/msg/Sample", all.schemas().get(1).name());
        assertEquals(List.of(new McapRecord.Metadata("run", SampleFiles.META)), all.metadata());
        assertEquals(1, all.attachments().size());
        Attachment a = all.attachments().get(0);
        assertEquals("profile.yaml", a.name());
        assertArrayEquals(SampleFiles.ATTACHMENT, a.data());
        assertEquals("afferent-mcap", all.header().library());

        try (McapIndexedReader r = McapReader.indexed(f)) {
            assertEquals(all.schemas(), r.schemas());
            assertEquals(all.channels(), r.channels());
            Statistics s = r.statistics();
            assertNotNull(s);
            assertEquals(3000, s.messageCount());
            assertEquals(1, s.schemaCount());
            assertEquals(3, s.channelCount());
            assertEquals(1, s.attachmentCount());
            assertEquals(1, s.metadataCount());
            assertEquals(w.chunks(), s.chunkCount());
            assertEquals(w.messages().get(0).logTime(), s.messageStartTime());
            assertEquals(w.messages().get(2999).logTime(), s.messageEndTime());
            assertEquals(Map.of(1, 1000L, 2, 1000L, 3, 1000L), s.channelMessageCounts());
            assertEquals(w.chunks(), r.chunkIndexes().size());
            for (ChunkIndex ci : r.chunkIndexes()) {
                assertEquals(compression.mcapName(), ci.compression());
                assertTrue(ci.messageStartTime() <= ci.messageEndTime());
            }
            List<Message> indexed = r.readMessages();
            List<Message> expected = w.messages().stream()
                    .sorted(Comparator.comparingLong(Message::logTime)).toList();
            assertEquals(expected, indexed);
            List<Message> visited = new java.util.ArrayList<>();
            r.forEachMessage(visited::add);
            assertEquals(indexed, visited);
            assertEquals(all.metadata(), r.readMetadata());
            assertEquals(all.attachments(), r.readAttachments());
            assertEquals(6, r.summaryOffsets().size(), "schema, channel, statistics, chunk, attachment, metadata groups");
        }
    }

    @Test
    void emptyFileIsValidAndHasStatistics() throws Exception {
        Path f = dir.resolve("empty.mcap");
        McapWriter.open(f, McapWriterOptions.defaults()).close();
        McapContents c = McapReader.readAll(f);
        assertFalse(c.truncated());
        assertTrue(c.messages().isEmpty());
        assertEquals(0, c.statistics().messageCount());
        try (McapIndexedReader r = McapReader.indexed(f)) {
            assertTrue(r.chunkIndexes().isEmpty());
            assertEquals(0, r.statistics().messageStartTime());
        }
    }

    @Test
    void chunkClosesAtItsSizeLimit() throws Exception {
        Path f = dir.resolve("size.mcap");
        try (McapWriter w = McapWriter.open(f, McapWriterOptions.builder().chunkSizeBytes(4096).build())) {
            int ch = w.addChannel(0, "/x", "raw", Map.of());
            byte[] p = new byte[100];
            for (int i = 0; i < 400; i++) {
                w.writeMessage(ch, i, i, i, p, 0, p.length);
                assertTrue(w.openChunkBytes() < 4096);
            }
        }
        try (McapIndexedReader r = McapReader.indexed(f)) {
            for (ChunkIndex ci : r.chunkIndexes()) {
                assertTrue(ci.uncompressedSize() >= 4096 || ci == r.chunkIndexes().getLast(), ci.toString());
                assertTrue(ci.uncompressedSize() < 4096 + 9 + 22 + 100, ci.toString());
            }
            assertEquals(400, r.readMessages().size());
        }
    }

    @Test
    void flushIfOlderThanClosesAChunkOnlyWhenItIsOldEnough() throws Exception {
        long[] now = {0};
        Path f = dir.resolve("age.mcap");
        McapWriterOptions o = McapWriterOptions.builder().chunkMaxAgeNanos(100).clock(() -> now[0]).build();
        try (McapWriter w = McapWriter.open(f, o)) {
            int ch = w.addChannel(0, "/x", "raw", Map.of());
            now[0] = 1000;
            w.flush();
            long base = w.chunksWritten();
            assertFalse(w.flushIfOlderThan(995), "nothing open");
            w.writeMessage(ch, 0, 0, 0, new byte[1], 0, 1);   // the chunk opens at 1000 on the clock
            for (long t = 1005; t <= 1085; t += 10) {
                assertFalse(w.flushIfOlderThan(t), "age " + (t - 1000) + " plus the 10 ns spacing is under 100");
            }
            assertEquals(base, w.chunksWritten());
            // Age 95: at the 10 ns spacing of the calls it would be 105 at the next one, so it closes now.
            assertTrue(w.flushIfOlderThan(1095));
            assertEquals(base + 1, w.chunksWritten());
            assertFalse(w.flushIfOlderThan(5000), "nothing open");
        }
    }

    @Test
    void schemaIdsAndChannelIdsAreCheckedWithClearMessages() throws Exception {
        try (McapWriter w = McapWriter.open(dir.resolve("ids.mcap"), McapWriterOptions.defaults())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> w.addChannel(7, "/t", "cdr", Map.of()));
            assertTrue(e.getMessage().contains("unknown schema id 7"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> w.writeMessage(9, 0, 0, 0, new byte[0], 0, 0));
            assertTrue(e.getMessage().contains("unknown MCAP channel id 9"), e.getMessage());
        }
    }

    @Test
    void notAnMcapFileIsAClearError() throws Exception {
        Path png = dir.resolve("x.mcap");
        Files.write(png, new byte[]{(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0});
        McapFormatException e = assertThrows(McapFormatException.class, () -> McapReader.readAll(png));
        assertTrue(e.getMessage().contains("is not an MCAP file: it starts with 89 50 4e 47"), e.getMessage());
        e = assertThrows(McapFormatException.class, () -> McapReader.indexed(png));
        assertTrue(e.getMessage().contains("is not an MCAP file"), e.getMessage());
        Path empty = dir.resolve("empty");
        Files.write(empty, new byte[0]);
        e = assertThrows(McapFormatException.class, () -> McapReader.readAll(empty));
        assertTrue(e.getMessage().contains("it is empty"), e.getMessage());
        Path text = dir.resolve("t.mcap");
        Files.writeString(text, "hello world, not mcap");
        e = assertThrows(McapFormatException.class, () -> McapRepair.repair(text, dir.resolve("out.mcap")));
        assertTrue(e.getMessage().contains("is not an MCAP file"), e.getMessage());
    }

    @Test
    void corruptedChunkFailsItsCrc() throws Exception {
        Path f = dir.resolve("crc.mcap");
        McapWriterOptions o = McapWriterOptions.builder().compression(Compression.NONE).chunkSizeBytes(2048).build();
        SampleFiles.Written w = SampleFiles.write(f, o, 50);
        byte[] bytes = Files.readAllBytes(f);
        long chunkAt;
        try (McapIndexedReader r = McapReader.indexed(f)) {
            chunkAt = r.chunkIndexes().get(0).chunkStartOffset();
        }
        // Flip a payload byte near the end of the first chunk's records.
        int at = (int) chunkAt + 200;
        bytes[at] ^= 0x55;
        Path bad = dir.resolve("bad.mcap");
        Files.write(bad, bytes);
        McapFormatException e = assertThrows(McapFormatException.class, () -> McapReader.readAll(bad));
        assertTrue(e.getMessage().contains("CRC"), e.getMessage());
        e = assertThrows(McapFormatException.class, () -> {
            try (McapIndexedReader r = McapReader.indexed(bad)) {
                r.readMessages();
            }
        });
        assertTrue(e.getMessage().contains("CRC"), e.getMessage());
        assertFalse(Arrays.equals(bytes, Files.readAllBytes(f)));
        // Repair skips the corrupt (first) chunk and keeps the others.
        McapRepair.Result res = McapRepair.repair(bad, dir.resolve("fixed.mcap"));
        assertEquals(1, res.corruptChunksSkipped());
        assertTrue(res.describe().contains("skipped 1 corrupt chunks"), res.describe());
        assertTrue(res.messages() > 0 && res.messages() < 50, res.describe());
        try (McapIndexedReader r = McapReader.indexed(dir.resolve("fixed.mcap"))) {
            assertEquals(w.messages().subList(50 - (int) res.messages(), 50), r.readMessages());
        }
    }

    @Test
    void indexedReaderRefusesATruncatedFileAndSaysWhatToDo() throws Exception {
        Path f = dir.resolve("t.mcap");
        SampleFiles.write(f, McapWriterOptions.defaults(), 100);
        byte[] b = Files.readAllBytes(f);
        Path cut = dir.resolve("cut.mcap");
        Files.write(cut, Arrays.copyOf(b, b.length - 3));
        McapFormatException e = assertThrows(McapFormatException.class, () -> McapReader.indexed(cut));
        assertTrue(e.getMessage().contains("no MCAP footer") && e.getMessage().contains("McapRepair"), e.getMessage());
        assertNull(McapReader.readAll(cut).statistics());
    }
}
