package io.afferent.mcap;

import io.afferent.mcap.McapRecord.Chunk;
import io.afferent.mcap.McapRecord.DataEnd;
import io.afferent.mcap.McapRecord.Footer;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.HexFormat;
import java.util.zip.CRC32;

/**
 * Reads an MCAP file front to back, record by record, without its index. The records of each chunk are
 * returned in order (after the chunk's CRC is checked); Chunk and Message Index records themselves are
 * not returned, nor records of unknown opcodes. A file cut off anywhere (a killed recorder) reads up to
 * its last complete record: {@link #next()} then returns null and {@link #truncated()} is true, with
 * {@link #truncation()} saying where it ends. Not-MCAP input and CRC mismatches throw
 * {@link McapFormatException}. Single thread.
 */
public final class McapStreamReader implements Closeable {
    private final InputStream in;
    private final String source;
    private final boolean validateCrcs;
    private final ArrayDeque<McapRecord> pending = new ArrayDeque<>();
    private final CRC32 dataCrc = new CRC32();
    private final CRC32 summaryCrc = new CRC32();
    private final byte[] header = new byte[Op.RECORD_HEADER_BYTES];
    private byte[] buf = new byte[1 << 16];
    private long offset;
    private boolean started;
    private boolean finished;
    private boolean afterDataEnd;
    private boolean complete;
    private String truncation;
    private long completeChunks;
    private boolean skipCorruptChunks;
    private java.util.function.IntPredicate keepChannel;
    private long skippedChunks;
    private String firstSkipped;
    private long lastCompleteRecordEnd;

    public McapStreamReader(InputStream in, String source, boolean validateCrcs) {
        this.in = in;
        this.source = source;
        this.validateCrcs = validateCrcs;
    }

    public McapStreamReader(InputStream in, String source) {
        this(in, source, true);
    }

    /**
     * From now on a chunk that fails its CRC or cannot be decompressed is skipped and counted
     * ({@link #skippedChunks()}) instead of ending the read with an error, and data-section and summary
     * CRC mismatches are noted ({@link #firstSkippedChunk()}) rather than thrown: for repair.
     */
    /**
     * Returns only the messages of channels {@code keep} accepts (the others are not parsed or copied; their chunks
     * are still read and checked). For a reader that needs a few channels of a large file.
     */
    public McapStreamReader onlyChannels(java.util.function.IntPredicate keep) {
        this.keepChannel = keep;
        return this;
    }

    public McapStreamReader skipCorruptChunks() {
        skipCorruptChunks = true;
        return this;
    }

    private void noteDamage(String what) {
        if (firstSkipped == null) {
            firstSkipped = what;
        }
    }

    public long skippedChunks() {
        return skippedChunks;
    }

    /** The first damage tolerated in skip mode (why a chunk was skipped, a CRC mismatch), or null. */
    public String firstSkippedChunk() {
        return firstSkipped;
    }

    public static McapStreamReader open(Path file) throws IOException {
        return new McapStreamReader(new BufferedInputStream(Files.newInputStream(file), 1 << 16), file.toString());
    }

    /** The next record, or null at the end of the file (complete or truncated). */
    public McapRecord next() throws IOException {
        if (!pending.isEmpty()) {
            return pending.poll();
        }
        if (!started) {
            readMagic();
        }
        while (!finished) {
            long recordOffset = offset;
            int got = readFully(header, 0, header.length);
            if (got == 0) {
                return truncate("the file ends at byte " + recordOffset + " without a footer");
            }
            if (got < header.length) {
                return truncate("the file ends inside a record header at byte " + recordOffset);
            }
            int op = header[0] & 0xFF;
            long length = RecordParser.u64(header, 1);
            if (length < 0 || length > Integer.MAX_VALUE - 64) {
                throw new McapFormatException(source + ": " + Op.name(op) + " record at offset " + recordOffset
                        + " claims " + length + " bytes; the file is corrupt");
            }
            int len = (int) length;
            int n = readContent(len);
            if (n < len) {
                return truncate("the file ends inside a " + Op.name(op) + " record at byte " + recordOffset + " ("
                        + n + " of its " + len + " content bytes are present)");
            }
            if (op == Op.DATA_END) {
                afterDataEnd = true;
                summaryCrc.reset();
            } else if (!afterDataEnd) {
                dataCrc.update(header);
                dataCrc.update(buf, 0, len);
            } else if (op != Op.FOOTER) {
                summaryCrc.update(header);
                summaryCrc.update(buf, 0, len);
            }
            McapRecord r = handle(op, len, recordOffset);
            lastCompleteRecordEnd = offset;
            if (r != null) {
                return r;
            }
            if (!pending.isEmpty()) {
                return pending.poll();
            }
        }
        return null;
    }

    private McapRecord handle(int op, int len, long recordOffset) throws IOException {
        switch (op) {
            case Op.CHUNK -> {
                try {
                    readChunk(len, recordOffset);
                } catch (McapFormatException e) {
                    if (!skipCorruptChunks) {
                        throw e;
                    }
                    skippedChunks++;
                    noteDamage(e.getMessage());
                }
                return null;
            }
            case Op.MESSAGE_INDEX -> {
                return null;
            }
            case Op.DATA_END -> {
                DataEnd d = (DataEnd) RecordParser.parse(op, buf, 0, len, recordOffset);
                if (validateCrcs && d.dataSectionCrc() != 0 && d.dataSectionCrc() != dataCrc.getValue()) {
                    if (skipCorruptChunks) {
                        noteDamage("data section CRC mismatch");
                        return d;
                    }
                    throw new McapFormatException(source + ": data section CRC mismatch (stored "
                            + Long.toHexString(d.dataSectionCrc()) + ", computed " + Long.toHexString(dataCrc.getValue())
                            + "): the data section is corrupt");
                }
                return d;
            }
            case Op.FOOTER -> {
                Footer f = (Footer) RecordParser.parse(op, buf, 0, len, recordOffset);
                if (f.summaryStart() != 0) {
                    summaryCrc.update(header);
                    summaryCrc.update(buf, 0, 16);
                    if (validateCrcs && f.summaryCrc() != 0 && f.summaryCrc() != summaryCrc.getValue()
                            && !skipCorruptChunks) {
                        throw new McapFormatException(source + ": summary CRC mismatch (stored "
                                + Long.toHexString(f.summaryCrc()) + ", computed "
                                + Long.toHexString(summaryCrc.getValue()) + ")");
                    }
                }
                byte[] magic = new byte[Op.MAGIC.length];
                int m = readFully(magic, 0, magic.length);
                finished = true;
                if (m < magic.length) {
                    truncation = "the file ends inside the trailing magic";
                } else if (!java.util.Arrays.equals(magic, Op.MAGIC)) {
                    throw new McapFormatException(source + ": the footer is not followed by the MCAP magic");
                } else {
                    complete = true;
                }
                return f;
            }
            default -> {
                return RecordParser.parse(op, buf, 0, len, recordOffset);
            }
        }
    }

    private void readChunk(int len, long recordOffset) throws McapFormatException {
        Chunk c = (Chunk) RecordParser.parse(Op.CHUNK, buf, 0, len, recordOffset);
        int recordsAt = RecordParser.chunkRecordsOffset(buf, 0, len, recordOffset);
        byte[] records = ChunkDecompressor.decompress(c.compression(), buf, recordsAt, (int) c.compressedSize(),
                c.uncompressedSize(), recordOffset);
        if (validateCrcs && c.uncompressedCrc() != 0) {
            CRC32 crc = new CRC32();
            crc.update(records);
            if (crc.getValue() != c.uncompressedCrc()) {
                throw new McapFormatException(source + ": chunk at offset " + recordOffset + " fails its CRC (stored "
                        + Long.toHexString(c.uncompressedCrc()) + ", computed " + Long.toHexString(crc.getValue()) + ")");
            }
        }
        java.util.List<McapRecord> inChunk = new java.util.ArrayList<>();
        int p = 0;
        while (p < records.length) {
            if (records.length - p < Op.RECORD_HEADER_BYTES) {
                throw new McapFormatException(source + ": chunk at offset " + recordOffset
                        + " ends inside a record header");
            }
            int op = records[p] & 0xFF;
            long n = RecordParser.u64(records, p + 1);
            if (n > records.length - p - Op.RECORD_HEADER_BYTES) {
                throw new McapFormatException(source + ": chunk at offset " + recordOffset + ": its " + Op.name(op)
                        + " record at chunk offset " + p + " runs past the chunk's end");
            }
            McapRecord r = op == Op.MESSAGE && n >= 2 && keepChannel != null
                    && !keepChannel.test(RecordParser.u16(records, p + Op.RECORD_HEADER_BYTES))
                    ? null : RecordParser.parse(op, records, p + Op.RECORD_HEADER_BYTES, (int) n, recordOffset);
            if (r != null) {
                inChunk.add(r);
            }
            p += Op.RECORD_HEADER_BYTES + (int) n;
        }
        pending.addAll(inChunk);
        completeChunks++;
    }

    private void readMagic() throws IOException {
        started = true;
        byte[] magic = new byte[Op.MAGIC.length];
        int n = readFully(magic, 0, magic.length);
        if (n == 0) {
            throw new McapFormatException(source + " is not an MCAP file: it is empty");
        }
        for (int i = 0; i < n; i++) {
            if (magic[i] != Op.MAGIC[i]) {
                throw new McapFormatException(source + " is not an MCAP file: it starts with "
                        + HexFormat.ofDelimiter(" ").formatHex(magic, 0, n) + ", MCAP files start with "
                        + HexFormat.ofDelimiter(" ").formatHex(Op.MAGIC) + " (\\x89MCAP0\\r\\n)");
            }
        }
        if (n < magic.length) {
            throw new McapFormatException(source + " is not an MCAP file: only " + n + " bytes long");
        }
        dataCrc.update(magic);
        lastCompleteRecordEnd = offset;
    }

    /**
     * Reads {@code len} content bytes into {@link #buf}, growing it as bytes arrive (at most doubling), so
     * a corrupt length makes a truncated read, not a huge allocation.
     */
    private int readContent(int len) throws IOException {
        int total = 0;
        while (total < len) {
            if (buf.length == total) {
                buf = java.util.Arrays.copyOf(buf, (int) Math.min(len, Math.max(1 << 16, 2L * buf.length)));
            }
            int n = readFully(buf, total, Math.min(len, buf.length) - total);
            total += n;
            if (n == 0) {
                break;
            }
        }
        return total;
    }

    private McapRecord truncate(String why) {
        finished = true;
        truncation = why;
        return null;
    }

    private int readFully(byte[] b, int off, int len) throws IOException {
        int total = 0;
        while (total < len) {
            int n = in.read(b, off + total, len - total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        offset += total;
        return total;
    }

    /** True if the file ended before its footer and trailing magic (known once {@link #next()} returned null). */
    public boolean truncated() {
        return truncation != null;
    }

    /** Where and how the file ends early, or null. */
    public String truncation() {
        return truncation;
    }

    /** True once the footer and trailing magic have been read. */
    public boolean complete() {
        return complete;
    }

    public long completeChunks() {
        return completeChunks;
    }

    /** Bytes up to the end of the last complete record read. */
    public long validPrefixBytes() {
        return lastCompleteRecordEnd;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
