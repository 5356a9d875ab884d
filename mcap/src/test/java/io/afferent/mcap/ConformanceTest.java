package io.afferent.mcap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.afferent.mcap.McapRecord.ChunkIndex;
import io.afferent.mcap.McapRecord.Footer;
import io.afferent.mcap.McapRecord.MessageIndex;
import io.afferent.mcap.McapRecord.Statistics;
import io.afferent.mcap.McapRecord.SummaryOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The byte layout of our files checked record by record against the MCAP specification, and (when the
 * MCAP project's conformance files are present) our stream reader checked against their expected records.
 */
class ConformanceTest {
    @TempDir
    Path dir;

    record Raw(int op, long offset, long length, McapRecord record) {
    }

    static List<Raw> records(byte[] b, int from, int to) throws Exception {
        List<Raw> out = new ArrayList<>();
        for (int p = from; p < to; ) {
            int op = b[p] & 0xFF;
            long n = RecordParser.u64(b, p + 1);
            out.add(new Raw(op, p, 9 + n, RecordParser.parse(op, b, p + 9, (int) n, p)));
            p += 9 + (int) n;
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void ourFilesFollowTheSpecificationLayout(Compression compression) throws Exception {
        Path f = dir.resolve("layout.mcap");
        SampleFiles.write(f, McapWriterOptions.builder().compression(compression).chunkSizeBytes(4096).build(), 500);
        byte[] b = Files.readAllBytes(f);
        assertArrayEquals(Op.MAGIC, Arrays.copyOf(b, 8), "leading magic");
        assertArrayEquals(Op.MAGIC, Arrays.copyOfRange(b, b.length - 8, b.length), "trailing magic");
        int footerAt = b.length - 8 - 29;
        List<Raw> footerRec = records(b, footerAt, b.length - 8);
        Footer footer = (Footer) footerRec.get(0).record();
        assertEquals(Op.FOOTER, footerRec.get(0).op());

        List<Raw> data = records(b, 8, (int) footer.summaryStart());
        assertEquals(Op.HEADER, data.get(0).op(), "header first");
        Raw dataEnd = data.getLast();
        assertEquals(Op.DATA_END, dataEnd.op(), "data end last in the data section");
        CRC32 crc = new CRC32();
        crc.update(b, 0, (int) dataEnd.offset());
        assertEquals(crc.getValue(), ((McapRecord.DataEnd) dataEnd.record()).dataSectionCrc(), "data section CRC");

        // Every chunk is followed by exactly one message index per channel it holds.
        Map<Long, Raw> byOffset = new LinkedHashMap<>();
        data.forEach(r -> byOffset.put(r.offset(), r));
        for (int i = 0; i < data.size(); i++) {
            if (data.get(i).op() != Op.CHUNK) {
                continue;
            }
            int k = i + 1;
            Set<Integer> indexed = new HashSet<>();
            while (k < data.size() && data.get(k).op() == Op.MESSAGE_INDEX) {
                assertTrue(indexed.add(((MessageIndex) data.get(k).record()).channelId()), "one index per channel");
                k++;
            }
            assertTrue(!indexed.isEmpty());
        }
        for (Raw r : data) {
            assertTrue(Set.of(Op.HEADER, Op.SCHEMA, Op.CHANNEL, Op.CHUNK, Op.MESSAGE_INDEX, Op.METADATA, Op.ATTACHMENT,
                    Op.DATA_END)
                    .contains(r.op()), "allowed in the data section: " + Op.name(r.op()));
        }

        long summaryOffsetStart = footer.summaryOffsetStart();
        List<Raw> summary = records(b, (int) footer.summaryStart(), (int) summaryOffsetStart);
        List<Raw> offsets = records(b, (int) summaryOffsetStart, footerAt);
        // Grouped by opcode; channels before statistics (its channel_message_counts need them).
        List<Integer> opsSeen = new ArrayList<>();
        for (Raw r : summary) {
            if (opsSeen.isEmpty() || opsSeen.getLast() != r.op()) {
                assertTrue(!opsSeen.contains(r.op()), "summary grouped by opcode");
                opsSeen.add(r.op());
            }
        }
        assertTrue(opsSeen.indexOf(Op.CHANNEL) < opsSeen.indexOf(Op.STATISTICS));
        assertEquals(opsSeen.size(), offsets.size(), "one summary offset per group");
        for (Raw o : offsets) {
            SummaryOffset so = (SummaryOffset) o.record();
            List<Raw> group = summary.stream().filter(r -> r.op() == so.groupOpcode()).toList();
            assertEquals(group.getFirst().offset(), so.groupStart(), Op.name(so.groupOpcode()));
            assertEquals(group.stream().mapToLong(Raw::length).sum(), so.groupLength(), Op.name(so.groupOpcode()));
        }
        crc.reset();
        crc.update(b, (int) footer.summaryStart(), footerAt + 9 + 16 - (int) footer.summaryStart());
        assertEquals(crc.getValue(), footer.summaryCrc(), "summary CRC");

        // Chunk indexes point at their chunk and its message indexes.
        for (Raw r : summary) {
            if (r.record() instanceof ChunkIndex ci) {
                Raw chunk = byOffset.get(ci.chunkStartOffset());
                assertEquals(Op.CHUNK, chunk.op());
                assertEquals(chunk.length(), ci.chunkLength());
                long total = 0;
                for (Map.Entry<Integer, Long> e : ci.messageIndexOffsets().entrySet()) {
                    Raw mi = byOffset.get(e.getValue());
                    assertEquals(Op.MESSAGE_INDEX, mi.op());
                    assertEquals((int) e.getKey(), ((MessageIndex) mi.record()).channelId());
                    total += mi.length();
                }
                assertEquals(total, ci.messageIndexLength());
                McapRecord.Chunk c = (McapRecord.Chunk) chunk.record();
                assertEquals(c.compression(), ci.compression());
                assertEquals(c.compressedSize(), ci.compressedSize());
                assertEquals(c.uncompressedSize(), ci.uncompressedSize());
                assertEquals(c.messageStartTime(), ci.messageStartTime());
            }
            if (r.record() instanceof Statistics s) {
                assertEquals(500, s.messageCount());
            }
        }
    }

    /** Where the MCAP project's conformance files are (tests/conformance/data), if anywhere. */
    static Path conformanceDir() {
        String p = System.getProperty("mcap.conformance.dir");
        if (p != null) {
            return Path.of(p);
        }
        String shared = System.getProperty("afferent.shared.dir");
        return shared == null ? null : Path.of(shared, "testdata", "mcap-conformance");
    }

    @Test
    void mcapProjectConformanceFilesReadAsTheyExpect() throws Exception {
        Path d = conformanceDir();
        assumeTrue(d != null && Files.isDirectory(d), "the MCAP conformance files are not at " + d
                + " (set -Dmcap.conformance.dir=.../tests/conformance/data)");
        ObjectMapper json = new ObjectMapper();
        List<Path> files;
        try (Stream<Path> s = Files.walk(d)) {
            files = s.filter(p -> p.toString().endsWith(".mcap")).sorted().toList();
        }
        assumeTrue(!files.isEmpty() && !Files.readString(files.getFirst(), java.nio.charset.StandardCharsets.ISO_8859_1)
                .startsWith("version https://git-lfs"), "the conformance .mcap files in " + d
                + " are Git LFS pointers, not the files");
        int checked = 0;
        for (Path mcap : files) {
            Path expectedFile = Path.of(mcap.toString().replace(".mcap", ".json"));
            if (!Files.exists(expectedFile)) {
                continue;
            }
            JsonNode expected = json.readTree(expectedFile.toFile()).get("records");
            List<McapRecord> got = new ArrayList<>();
            try (McapStreamReader r = McapReader.stream(mcap)) {
                for (McapRecord rec; (rec = r.next()) != null; ) {
                    got.add(rec);
                }
                assertTrue(r.complete(), mcap + ": " + r.truncation());
            }
            assertEquals(expected.size(), got.size(), mcap + ": record count");
            for (int i = 0; i < got.size(); i++) {
                JsonNode e = expected.get(i);
                McapRecord g = got.get(i);
                assertEquals(e.get("type").asText(), g.getClass().getSimpleName(), mcap + " record " + i);
                Map<String, Object> fields = new TreeMap<>();
                e.get("fields").forEach(kv -> fields.put(kv.get(0).asText(), toPlain(kv.get(1))));
                assertEquals(fields, fieldsOf(g), mcap + " record " + i);
            }
            checked++;
        }
        assertTrue(files.size() > 100, "conformance files found: " + files.size());
        System.out.println("conformance: " + checked + " of " + files.size() + " files (with expected records) read as expected");
    }

    private static Object toPlain(JsonNode n) {
        if (n.isArray()) {
            List<Object> l = new ArrayList<>();
            n.forEach(x -> l.add(toPlain(x)));
            return l;
        }
        if (n.isObject()) {
            Map<String, Object> m = new TreeMap<>();
            n.properties().forEach(e -> m.put(e.getKey(), toPlain(e.getValue())));
            return m;
        }
        return n.asText();
    }

    /** A record's fields as the conformance JSON spells them: snake_case names, every value a string. */
    private static Map<String, Object> fieldsOf(McapRecord r) throws Exception {
        Map<String, Object> out = new TreeMap<>();
        for (RecordComponent c : r.getClass().getRecordComponents()) {
            String name = c.getName().replaceAll("([A-Z])", "_$1").toLowerCase();
            Object v = c.getAccessor().invoke(r);
            out.put(name, plain(v));
        }
        return out;
    }

    private static Object plain(Object v) {
        if (v instanceof byte[] bytes) {
            List<Object> l = new ArrayList<>();
            for (byte x : bytes) {
                l.add(Integer.toString(x & 0xFF));
            }
            return l;
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new TreeMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), plain(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            return l.stream().map(ConformanceTest::plain).toList();
        }
        return String.valueOf(v);
    }
}
