package io.afferent.mcap;

import io.afferent.mcap.McapRecord.ChunkIndex;
import io.afferent.mcap.McapRecord.Message;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A file cut at many points (as a killed recorder leaves it): the stream reader returns exactly the
 * messages of the chunks that end before the cut and says the file is truncated; repair writes a
 * complete file with those messages that the indexed reader reads.
 */
class TruncatedFileTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Compression.class)
    void everyCompleteChunkIsRecoveredAtEveryCutPoint(Compression compression) throws Exception {
        Path f = dir.resolve("full.mcap");
        SampleFiles.Written w = SampleFiles.write(f,
                McapWriterOptions.builder().compression(compression).chunkSizeBytes(2048).build(), 400);
        byte[] bytes = Files.readAllBytes(f);
        List<long[]> chunkEnds = new ArrayList<>();   // {end offset, messages in it}
        try (McapIndexedReader r = McapReader.indexed(f)) {
            List<ChunkIndex> cis = r.chunkIndexes();
            for (ChunkIndex ci : cis) {
                chunkEnds.add(new long[]{ci.chunkStartOffset() + ci.chunkLength(), 0});
            }
        }
        long dataEnd;
        try (McapIndexedReader r = McapReader.indexed(f)) {
            dataEnd = r.footer().summaryStart();
        }
        int header = 8 + 9 + 4 + 4 + "afferent-mcap".length();
        int step = Math.max(1, bytes.length / 500);
        int cuts = 0;
        for (int cut = header; cut < bytes.length; cut += step + (cut % 7)) {
            cuts++;
            Path c = dir.resolve("cut.mcap");
            Files.write(c, Arrays.copyOf(bytes, cut));
            McapContents got = McapReader.readAll(c);
            assertTrue(got.truncated(), "cut at " + cut);
            final int at = cut;
            long complete = chunkEnds.stream().filter(e -> e[0] <= at).count();
            assertEquals(complete, got.completeChunks(), "cut at " + cut);
            // The messages are a prefix of what was written, and exactly those of the complete chunks.
            List<Message> prefix = w.messages().subList(0, got.messages().size());
            assertEquals(prefix, got.messages(), "cut at " + cut);
            if (cut >= dataEnd) {
                assertEquals(w.messages().size(), got.messages().size(), "cut at " + cut + " in the summary");
            }

            Path repaired = dir.resolve("repaired.mcap");
            Files.deleteIfExists(repaired);
            McapRepair.Result res = McapRepair.repair(c, repaired);
            assertTrue(res.inputTruncated());
            assertEquals(got.messages().size(), res.messages());
            try (McapIndexedReader r = McapReader.indexed(repaired)) {
                assertEquals(got.messages(), r.readMessages(), "cut at " + cut);
                assertEquals(got.messages().size(), r.statistics().messageCount());
            }
        }
        assertTrue(cuts > 300, "cut points: " + cuts);
        // A message count that grows chunk by chunk, never with a partial chunk.
        Path c = dir.resolve("cut.mcap");
        for (long[] e : chunkEnds) {
            Files.write(c, Arrays.copyOf(bytes, (int) e[0] - 1));
            long before = McapReader.readAll(c).messages().size();
            Files.write(c, Arrays.copyOf(bytes, (int) e[0]));
            long at = McapReader.readAll(c).messages().size();
            assertTrue(at > before, "the chunk ending at " + e[0] + " adds its messages only once complete");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = "LZ4")
    void aFileCutInsideItsHeaderHasNothingToRepair(Compression compression) throws Exception {
        Path f = dir.resolve("full.mcap");
        SampleFiles.write(f, McapWriterOptions.builder().compression(compression).build(), 10);
        byte[] bytes = Files.readAllBytes(f);
        Path c = dir.resolve("cut.mcap");
        Files.write(c, Arrays.copyOf(bytes, 12));
        McapContents got = McapReader.readAll(c);
        assertTrue(got.truncated());
        assertTrue(got.truncation().contains("ends inside a record header at byte 8"), got.truncation());
        McapFormatException e = assertThrows(McapFormatException.class,
                () -> McapRepair.repair(c, dir.resolve("r.mcap")));
        assertTrue(e.getMessage().contains("no complete Header"), e.getMessage());
        Files.write(c, Arrays.copyOf(bytes, 5));
        e = assertThrows(McapFormatException.class, () -> McapReader.readAll(c));
        assertTrue(e.getMessage().contains("only 5 bytes long"), e.getMessage());
    }
}
