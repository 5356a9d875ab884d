package io.afferent.mcap;

import io.afferent.mcap.McapRecord.Attachment;
import io.afferent.mcap.McapRecord.AttachmentIndex;
import io.afferent.mcap.McapRecord.Channel;
import io.afferent.mcap.McapRecord.Chunk;
import io.afferent.mcap.McapRecord.ChunkIndex;
import io.afferent.mcap.McapRecord.DataEnd;
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

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/** Parses one record's content; errors name the record and its file offset. */
final class RecordParser {
    private final byte[] a;
    private final int end;
    private final int op;
    private final long fileOffset;
    private int pos;

    private RecordParser(byte[] a, int off, int len, int op, long fileOffset) {
        this.a = a;
        this.pos = off;
        this.end = off + len;
        this.op = op;
        this.fileOffset = fileOffset;
    }

    static int u16(byte[] a, int at) {
        return (a[at] & 0xFF) | (a[at + 1] & 0xFF) << 8;
    }

    static long u64(byte[] a, int at) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (a[at + i] & 0xFF);
        }
        return v;
    }

    /**
     * Parses the record with opcode {@code op} whose content is {@code a[off, off + len)}; returns null for
     * opcodes this reader does not know (private or future records), which the spec says to skip.
     * A Chunk returns its header fields only: the caller reads its records with {@link #chunkRecordsOffset}.
     */
    static McapRecord parse(int op, byte[] a, int off, int len, long fileOffset) throws McapFormatException {
        RecordParser p = new RecordParser(a, off, len, op, fileOffset);
        return switch (op) {
            case Op.HEADER -> new Header(p.string("profile"), p.string("library"));
            case Op.FOOTER -> new Footer(p.u64(), p.u64(), p.u32());
            case Op.SCHEMA -> p.schema();
            case Op.CHANNEL -> p.channel();
            case Op.MESSAGE -> p.message();
            case Op.CHUNK -> new Chunk(p.u64(), p.u64(), p.u64(), p.u32(), p.string("compression"), p.u64());
            case Op.MESSAGE_INDEX -> p.messageIndex();
            case Op.CHUNK_INDEX -> new ChunkIndex(p.u64(), p.u64(), p.u64(), p.u64(), p.u16u64Map(), p.u64(),
                    p.string("compression"), p.u64(), p.u64());
            case Op.ATTACHMENT -> p.attachment();
            case Op.ATTACHMENT_INDEX -> new AttachmentIndex(p.u64(), p.u64(), p.u64(), p.u64(), p.u64(),
                    p.string("name"), p.string("media_type"));
            case Op.STATISTICS -> new Statistics(p.u64(), p.u16(), p.u32(), p.u32(), p.u32(), p.u32(), p.u64(),
                    p.u64(), p.u16u64Map());
            case Op.METADATA -> new Metadata(p.string("name"), p.stringMap());
            case Op.METADATA_INDEX -> new MetadataIndex(p.u64(), p.u64(), p.string("name"));
            case Op.SUMMARY_OFFSET -> new SummaryOffset(p.u8(), p.u64(), p.u64());
            case Op.DATA_END -> new DataEnd(p.u32());
            default -> null;
        };
    }

    /** Offset in {@code a} of a Chunk record's {@code records} bytes, after its header fields. */
    static int chunkRecordsOffset(byte[] a, int off, int len, long fileOffset) throws McapFormatException {
        RecordParser p = new RecordParser(a, off, len, Op.CHUNK, fileOffset);
        p.need(28);
        p.pos += 28;
        int n = (int) p.u32();
        p.need(n + 8);
        p.pos += n;
        long size = p.u64();
        if (size < 0 || size > p.end - p.pos) {
            throw p.malformed("records");
        }
        return p.pos;
    }

    private McapFormatException malformed(String field) {
        return new McapFormatException(Op.name(op) + " record at offset " + fileOffset
                + " is malformed: field '" + field + "' runs past the end of the record");
    }

    private void need(long n) throws McapFormatException {
        if (n < 0 || pos + n > end) {
            throw new McapFormatException(Op.name(op) + " record at offset " + fileOffset
                    + " is malformed: a field runs past the end of the record (" + (end - pos) + " bytes left, "
                    + n + " needed)");
        }
    }

    int u8() throws McapFormatException {
        need(1);
        return a[pos++] & 0xFF;
    }

    int u16() throws McapFormatException {
        need(2);
        int v = (a[pos] & 0xFF) | (a[pos + 1] & 0xFF) << 8;
        pos += 2;
        return v;
    }

    long u32() throws McapFormatException {
        need(4);
        long v = (a[pos] & 0xFFL) | (a[pos + 1] & 0xFFL) << 8 | (a[pos + 2] & 0xFFL) << 16 | (a[pos + 3] & 0xFFL) << 24;
        pos += 4;
        return v;
    }

    long u64() throws McapFormatException {
        need(8);
        long v = u64(a, pos);
        pos += 8;
        return v;
    }

    private String string(String field) throws McapFormatException {
        long n = u32();
        if (n > end - pos) {
            throw malformed(field);
        }
        String s;
        try {
            s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(a, pos, (int) n)).toString();
        } catch (CharacterCodingException e) {
            throw new McapFormatException(Op.name(op) + " record at offset " + fileOffset + ": field '" + field
                    + "' is not valid UTF-8");
        }
        pos += (int) n;
        return s;
    }

    private byte[] bytes(long n, String field) throws McapFormatException {
        if (n < 0 || n > end - pos) {
            throw malformed(field);
        }
        byte[] b = new byte[(int) n];
        System.arraycopy(a, pos, b, 0, (int) n);
        pos += (int) n;
        return b;
    }

    private Map<String, String> stringMap() throws McapFormatException {
        long n = u32();
        need(n);
        int stop = pos + (int) n;
        Map<String, String> m = new LinkedHashMap<>();
        while (pos < stop) {
            m.put(string("map key"), string("map value"));
        }
        if (pos != stop) {
            throw malformed("map");
        }
        return Collections.unmodifiableMap(m);
    }

    private Map<Integer, Long> u16u64Map() throws McapFormatException {
        long n = u32();
        need(n);
        int stop = pos + (int) n;
        Map<Integer, Long> m = new LinkedHashMap<>();
        while (pos < stop) {
            m.put(u16(), u64());
        }
        if (pos != stop) {
            throw malformed("map");
        }
        return Collections.unmodifiableMap(m);
    }

    private Schema schema() throws McapFormatException {
        int id = u16();
        String name = string("name");
        String encoding = string("encoding");
        return new Schema(id, name, encoding, bytes(u32(), "data"));
    }

    private Channel channel() throws McapFormatException {
        int id = u16();
        int schemaId = u16();
        String topic = string("topic");
        String enc = string("message_encoding");
        return new Channel(id, schemaId, topic, enc, stringMap());
    }

    private Message message() throws McapFormatException {
        int ch = u16();
        long seq = u32();
        long log = u64();
        long pub = u64();
        return new Message(ch, seq, log, pub, bytes(end - pos, "data"));
    }

    private MessageIndex messageIndex() throws McapFormatException {
        int ch = u16();
        long n = u32();
        need(n);
        if (n % 16 != 0) {
            throw malformed("records");
        }
        List<MessageIndexEntry> entries = new ArrayList<>((int) (n / 16));
        for (long i = 0; i < n; i += 16) {
            entries.add(new MessageIndexEntry(u64(), u64()));
        }
        return new MessageIndex(ch, Collections.unmodifiableList(entries));
    }

    private Attachment attachment() throws McapFormatException {
        int start = pos;
        long log = u64();
        long create = u64();
        String name = string("name");
        String media = string("media_type");
        byte[] data = bytes(u64(), "data");
        int crcEnd = pos;
        long crc = u32();
        if (crc != 0) {
            CRC32 c = new CRC32();
            c.update(a, start, crcEnd - start);
            if (c.getValue() != crc) {
                throw new McapFormatException("Attachment '" + name + "' at offset " + fileOffset
                        + ": CRC mismatch (stored " + Long.toHexString(crc) + ", computed "
                        + Long.toHexString(c.getValue()) + ")");
            }
        }
        return new Attachment(log, create, name, media, data);
    }
}
