package io.afferent.mcap;

import io.afferent.mcap.McapRecord.Attachment;
import io.afferent.mcap.McapRecord.AttachmentIndex;
import io.afferent.mcap.McapRecord.Channel;
import io.afferent.mcap.McapRecord.Chunk;
import io.afferent.mcap.McapRecord.ChunkIndex;
import io.afferent.mcap.McapRecord.Footer;
import io.afferent.mcap.McapRecord.Header;
import io.afferent.mcap.McapRecord.Message;
import io.afferent.mcap.McapRecord.MessageIndex;
import io.afferent.mcap.McapRecord.MessageIndexEntry;
import io.afferent.mcap.McapRecord.Metadata;
import io.afferent.mcap.McapRecord.MetadataIndex;
import io.afferent.mcap.McapRecord.Schema;
import io.afferent.mcap.McapRecord.Statistics;
import io.afferent.mcap.McapRecord.SummaryOffset;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Reads an MCAP file through its summary: footer, summary CRC, schemas, channels, statistics and the
 * chunk, attachment and metadata indexes; messages are read chunk by chunk through the chunk indexes and
 * each chunk's message indexes (which are checked against the chunk's records). A file without a
 * footer (truncated) is refused with a message pointing to {@link McapStreamReader} or
 * {@link McapRepair}. Single thread.
 */
public final class McapIndexedReader implements Closeable {
    private final FileChannel file;
    private final String source;
    private final long size;
    private final Header header;
    private final Footer footer;
    private final Map<Integer, Schema> schemas = new LinkedHashMap<>();
    private final Map<Integer, Channel> channels = new LinkedHashMap<>();
    private final List<ChunkIndex> chunkIndexes = new ArrayList<>();
    private final List<AttachmentIndex> attachmentIndexes = new ArrayList<>();
    private final List<MetadataIndex> metadataIndexes = new ArrayList<>();
    private final List<SummaryOffset> summaryOffsets = new ArrayList<>();
    private Statistics statistics;

    private McapIndexedReader(FileChannel file, String source) throws IOException {
        this.file = file;
        this.source = source;
        this.size = file.size();
        byte[] start = read(0, (int) Math.min(size, Op.MAGIC.length));
        if (start.length == 0) {
            throw new McapFormatException(source + " is not an MCAP file: it is empty");
        }
        if (start.length < Op.MAGIC.length || !Arrays.equals(start, Op.MAGIC)) {
            throw new McapFormatException(source + " is not an MCAP file: it starts with "
                    + HexFormat.ofDelimiter(" ").formatHex(start) + ", MCAP files start with "
                    + HexFormat.ofDelimiter(" ").formatHex(Op.MAGIC));
        }
        header = (Header) readRecordAt(Op.MAGIC.length, Op.HEADER);
        if (size < Op.MAGIC.length + Op.FOOTER_AND_MAGIC_BYTES
                || !Arrays.equals(read(size - Op.MAGIC.length, Op.MAGIC.length), Op.MAGIC)) {
            throw noFooter();
        }
        long footerAt = size - Op.FOOTER_AND_MAGIC_BYTES;
        byte[] footerBytes = read(footerAt, Op.RECORD_HEADER_BYTES + 20);
        if ((footerBytes[0] & 0xFF) != Op.FOOTER || RecordParser.u64(footerBytes, 1) != 20) {
            throw noFooter();
        }
        footer = (Footer) RecordParser.parse(Op.FOOTER, footerBytes, Op.RECORD_HEADER_BYTES, 20, footerAt);
        if (footer.summaryStart() == 0) {
            return;
        }
        if (footer.summaryStart() < Op.MAGIC.length || footer.summaryStart() > footerAt) {
            throw new McapFormatException(source + ": the footer's summary_start " + footer.summaryStart()
                    + " lies outside the file");
        }
        byte[] summary = read(footer.summaryStart(), (int) (footerAt - footer.summaryStart()));
        if (footer.summaryCrc() != 0) {
            CRC32 crc = new CRC32();
            crc.update(summary);
            crc.update(footerBytes, 0, Op.RECORD_HEADER_BYTES + 16);
            if (crc.getValue() != footer.summaryCrc()) {
                throw new McapFormatException(source + ": summary CRC mismatch (stored "
                        + Long.toHexString(footer.summaryCrc()) + ", computed " + Long.toHexString(crc.getValue()) + ")");
            }
        }
        int p = 0;
        while (p < summary.length) {
            if (summary.length - p < Op.RECORD_HEADER_BYTES) {
                throw new McapFormatException(source + ": the summary section ends inside a record header");
            }
            int op = summary[p] & 0xFF;
            long n = RecordParser.u64(summary, p + 1);
            if (n < 0 || n > summary.length - p - Op.RECORD_HEADER_BYTES) {
                throw new McapFormatException(source + ": " + Op.name(op) + " record at offset "
                        + (footer.summaryStart() + p) + " runs past the summary section");
            }
            McapRecord r = RecordParser.parse(op, summary, p + Op.RECORD_HEADER_BYTES, (int) n, footer.summaryStart() + p);
            switch (r) {
                case Schema s -> schemas.put(s.id(), s);
                case Channel c -> channels.put(c.id(), c);
                case ChunkIndex c -> chunkIndexes.add(c);
                case AttachmentIndex a -> attachmentIndexes.add(a);
                case MetadataIndex m -> metadataIndexes.add(m);
                case Statistics s -> statistics = s;
                case SummaryOffset s -> summaryOffsets.add(s);
                case null, default -> {
                }
            }
            p += Op.RECORD_HEADER_BYTES + (int) n;
        }
    }

    public static McapIndexedReader open(Path path) throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
        try {
            return new McapIndexedReader(ch, path.toString());
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private McapFormatException noFooter() {
        return new McapFormatException(source + " has no MCAP footer (the file is truncated, e.g. the recorder "
                + "was killed, or is still being written): read it sequentially with McapStreamReader or "
                + "repair it with McapRepair");
    }

    private byte[] read(long at, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            int r = file.read(b, at + b.position());
            if (r < 0) {
                throw new McapFormatException(source + ": a record at offset " + at + " runs past the end of the file");
            }
        }
        return b.array();
    }

    private McapRecord readRecordAt(long at, int expectedOp) throws IOException {
        if (at < 0 || at > size - Op.RECORD_HEADER_BYTES) {
            throw new McapFormatException(source + ": an index points at offset " + at + ", outside the file");
        }
        byte[] h = read(at, Op.RECORD_HEADER_BYTES);
        int op = h[0] & 0xFF;
        if (op != expectedOp) {
            throw new McapFormatException(source + ": expected a " + Op.name(expectedOp) + " record at offset " + at
                    + ", found " + Op.name(op));
        }
        long n = RecordParser.u64(h, 1);
        if (n < 0 || n > size - at - Op.RECORD_HEADER_BYTES) {
            throw new McapFormatException(source + ": " + Op.name(op) + " record at offset " + at
                    + " runs past the end of the file");
        }
        byte[] content = read(at + Op.RECORD_HEADER_BYTES, (int) n);
        return RecordParser.parse(op, content, 0, content.length, at);
    }

    public Header header() {
        return header;
    }

    public Footer footer() {
        return footer;
    }

    public boolean hasSummary() {
        return footer.summaryStart() != 0;
    }

    public Map<Integer, Schema> schemas() {
        return Collections.unmodifiableMap(schemas);
    }

    public Map<Integer, Channel> channels() {
        return Collections.unmodifiableMap(channels);
    }

    /** The Statistics record, or null if the summary has none. */
    public Statistics statistics() {
        return statistics;
    }

    public List<ChunkIndex> chunkIndexes() {
        return Collections.unmodifiableList(chunkIndexes);
    }

    public List<AttachmentIndex> attachmentIndexes() {
        return Collections.unmodifiableList(attachmentIndexes);
    }

    public List<MetadataIndex> metadataIndexes() {
        return Collections.unmodifiableList(metadataIndexes);
    }

    public List<SummaryOffset> summaryOffsets() {
        return Collections.unmodifiableList(summaryOffsets);
    }

    /**
     * Every message of every indexed chunk, chunk by chunk in start-time order and, within a chunk, in log
     * time order as its message indexes give it. Checks each chunk's CRC and that the message indexes
     * point exactly at the chunk's messages.
     */
    public List<Message> readMessages() throws IOException {
        List<Message> out = new ArrayList<>();
        for (ChunkIndex ci : chunksInTimeOrder()) {
            readChunkMessages(ci, out);
        }
        return out;
    }

    private List<ChunkIndex> chunksInTimeOrder() {
        List<ChunkIndex> order = new ArrayList<>(chunkIndexes);
        order.sort(Comparator.comparingLong(ChunkIndex::messageStartTime).thenComparingLong(ChunkIndex::chunkStartOffset));
        return order;
    }

    /** Calls {@code handler} for each message, in the order of {@link #readMessages()}, one chunk in memory at a time. */
    public void forEachMessage(MessageHandler handler) throws IOException {
        List<Message> chunk = new ArrayList<>();
        for (ChunkIndex ci : chunksInTimeOrder()) {
            chunk.clear();
            readChunkMessages(ci, chunk);
            for (Message m : chunk) {
                handler.onMessage(m);
            }
        }
    }

    /** Receives messages from {@link #forEachMessage}; may throw to stop reading. */
    @FunctionalInterface
    public interface MessageHandler {
        void onMessage(Message message) throws IOException;
    }

    private void readChunkMessages(ChunkIndex ci, List<Message> out) throws IOException {
        long at = ci.chunkStartOffset();
        if (at < 0 || ci.chunkLength() < Op.RECORD_HEADER_BYTES || at + ci.chunkLength() > size) {
            throw new McapFormatException(source + ": chunk index points outside the file (offset " + at + ")");
        }
        byte[] rec = read(at, (int) ci.chunkLength());
        if ((rec[0] & 0xFF) != Op.CHUNK) {
            throw new McapFormatException(source + ": chunk index points at offset " + at + ", which holds a "
                    + Op.name(rec[0] & 0xFF) + " record");
        }
        long stated = RecordParser.u64(rec, 1);
        if (stated != ci.chunkLength() - Op.RECORD_HEADER_BYTES) {
            throw new McapFormatException(source + ": chunk at offset " + at + " is " + stated
                    + " bytes long, its chunk index says " + (ci.chunkLength() - Op.RECORD_HEADER_BYTES));
        }
        int len = (int) stated;
        Chunk c = (Chunk) RecordParser.parse(Op.CHUNK, rec, Op.RECORD_HEADER_BYTES, len, at);
        int recordsAt = RecordParser.chunkRecordsOffset(rec, Op.RECORD_HEADER_BYTES, len, at);
        byte[] records = ChunkDecompressor.decompress(c.compression(), rec, recordsAt, (int) c.compressedSize(),
                c.uncompressedSize(), at);
        if (c.uncompressedCrc() != 0) {
            CRC32 crc = new CRC32();
            crc.update(records);
            if (crc.getValue() != c.uncompressedCrc()) {
                throw new McapFormatException(source + ": chunk at offset " + at + " fails its CRC");
            }
        }
        int messagesInChunk = 0;
        for (int p = 0; p < records.length; ) {
            if (records.length - p < Op.RECORD_HEADER_BYTES) {
                throw new McapFormatException(source + ": chunk at offset " + at + " ends inside a record header");
            }
            int op = records[p] & 0xFF;
            long n = RecordParser.u64(records, p + 1);
            if (n < 0 || n > records.length - p - Op.RECORD_HEADER_BYTES) {
                throw new McapFormatException(source + ": chunk at offset " + at + ": its " + Op.name(op)
                        + " record at chunk offset " + p + " runs past the chunk's end");
            }
            if (op == Op.MESSAGE) {
                messagesInChunk++;
            }
            p += Op.RECORD_HEADER_BYTES + (int) n;
        }
        List<long[]> entries = new ArrayList<>();
        for (Map.Entry<Integer, Long> e : ci.messageIndexOffsets().entrySet()) {
            MessageIndex mi = (MessageIndex) readRecordAt(e.getValue(), Op.MESSAGE_INDEX);
            if (mi.channelId() != e.getKey()) {
                throw new McapFormatException(source + ": message index at offset " + e.getValue() + " is for channel "
                        + mi.channelId() + ", the chunk index says " + e.getKey());
            }
            for (MessageIndexEntry x : mi.entries()) {
                entries.add(new long[]{x.logTime(), x.offset(), mi.channelId()});
            }
        }
        if (ci.messageIndexOffsets().isEmpty()) {
            // No message index: read the chunk in file order.
            for (int p = 0; p < records.length; ) {
                long n = RecordParser.u64(records, p + 1);
                if ((records[p] & 0xFF) == Op.MESSAGE) {
                    out.add((Message) RecordParser.parse(Op.MESSAGE, records, p + Op.RECORD_HEADER_BYTES, (int) n, at));
                }
                p += Op.RECORD_HEADER_BYTES + (int) n;
            }
            return;
        }
        if (entries.size() != messagesInChunk) {
            throw new McapFormatException(source + ": chunk at offset " + at + " holds " + messagesInChunk
                    + " messages but its message indexes list " + entries.size());
        }
        entries.sort(Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1]));
        for (long[] e : entries) {
            int p = (int) e[1];
            if (p < 0 || p + Op.RECORD_HEADER_BYTES > records.length || (records[p] & 0xFF) != Op.MESSAGE) {
                throw new McapFormatException(source + ": a message index entry of chunk at offset " + at
                        + " points at chunk offset " + p + ", which is not a Message record");
            }
            long n = RecordParser.u64(records, p + 1);
            if (n < 0 || n > records.length - p - Op.RECORD_HEADER_BYTES) {
                throw new McapFormatException(source + ": a message index entry of chunk at offset " + at
                        + " points at a record that runs past the chunk's end");
            }
            Message m = (Message) RecordParser.parse(Op.MESSAGE, records, p + Op.RECORD_HEADER_BYTES, (int) n, at);
            if (m.channelId() != e[2] || m.logTime() != e[0]) {
                throw new McapFormatException(source + ": message index entry (channel " + e[2] + ", log time " + e[0]
                        + ") of chunk at offset " + at + " points at a message of channel " + m.channelId()
                        + " logged at " + m.logTime());
            }
            out.add(m);
        }
    }

    /** Every Metadata record, through the metadata indexes. */
    public List<Metadata> readMetadata() throws IOException {
        List<Metadata> out = new ArrayList<>();
        for (MetadataIndex mi : metadataIndexes) {
            out.add((Metadata) readRecordAt(mi.offset(), Op.METADATA));
        }
        return out;
    }

    /** Every Attachment record (CRC checked), through the attachment indexes. */
    public List<Attachment> readAttachments() throws IOException {
        List<Attachment> out = new ArrayList<>();
        for (AttachmentIndex ai : attachmentIndexes) {
            out.add((Attachment) readRecordAt(ai.offset(), Op.ATTACHMENT));
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
