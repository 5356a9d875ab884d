package io.afferent.mcap;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Writes an MCAP file: magic and header, schema and channel records (in the data section, outside
 * chunks), messages in chunks (lz4, zstd or none) each followed by its message indexes, metadata and attachments, then on {@link #close()} the
 * data end record, a summary (schemas, channels, statistics, chunk/attachment/metadata indexes),
 * summary offsets, footer and magic, with data-section, summary and chunk CRCs.
 *
 * <p>Single writer: every method must be called from one thread (or under the caller's lock).
 *
 * <p>Steady state allocates nothing per message: {@link #writeMessage} copies the payload into the open
 * chunk's reusable buffer; chunk, compression and index buffers grow to their largest size and are
 * reused. A chunk is closed when its records reach {@link McapWriterOptions#chunkSizeBytes()} or when
 * {@link #flushIfOlderThan} finds it too old, so a caller that calls that on a timer bounds what a
 * killed process loses.
 *
 * <p>If the sink throws, the writer stops: the file is cut back to the last complete record (a valid
 * MCAP prefix without summary), every later call throws a {@link McapWriteException} naming the first
 * error, and {@link #close()} releases the file without throwing again.
 */
public final class McapWriter implements Closeable {
    private enum State { OPEN, FAILED, CLOSED }

    private static final int MESSAGE_HEADER_BYTES = 2 + 4 + 8 + 8;

    private final WritableByteChannel out;
    private final FileChannel file;
    private final String target;
    private final McapWriterOptions options;
    private final ChunkCompressor compressor;
    private final byte[] compressionName;
    private final ByteArrayBuilder chunk;
    private final ByteArrayBuilder staging = new ByteArrayBuilder(1 << 16);
    private final ByteArrayBuilder chunkIndexes = new ByteArrayBuilder(1 << 16);
    private final ByteArrayBuilder attachmentIndexes = new ByteArrayBuilder(1 << 10);
    private final ByteArrayBuilder metadataIndexes = new ByteArrayBuilder(1 << 10);
    private final CRC32 dataCrc = new CRC32();
    private final CRC32 chunkCrc = new CRC32();
    private final CRC32 summaryCrc = new CRC32();

    private State state = State.OPEN;
    private IOException failure;
    private long position;

    private final List<byte[]> schemaRecords = new ArrayList<>();
    private final List<byte[]> channelRecords = new ArrayList<>();
    private boolean[] channelKnown = new boolean[16];
    private int nextChannelId = 1;

    private long chunkStartTime = Long.MAX_VALUE;
    private long chunkEndTime = Long.MIN_VALUE;
    private int chunkMessages;
    private long chunkOpenedNanos;
    private long lastFlushCheckNanos = Long.MIN_VALUE;
    /** Per channel id: interleaved (logTime, offset) pairs of the open chunk. */
    private long[][] indexEntries = new long[16][];
    private int[] indexCounts = new int[16];
    private int[] touchedChannels = new int[16];
    private int touchedCount;
    private long[] messageIndexOffsets = new long[16];

    private long messageCount;
    private long fileStartTime = Long.MAX_VALUE;
    private long fileEndTime = Long.MIN_VALUE;
    private long[] channelMessageCounts = new long[16];
    private long chunkCount;
    private long attachmentCount;
    private long metadataCount;

    private McapWriter(WritableByteChannel out, FileChannel file, String target, McapWriterOptions options)
            throws IOException {
        this.out = out;
        this.file = file;
        this.target = target;
        this.options = options;
        this.compressor = options.compression() == Compression.NONE ? null
                : ChunkCompressor.create(options.compression(), options.compressionLevel());
        this.compressionName = options.compression().mcapName().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        this.chunk = new ByteArrayBuilder(options.chunkSizeBytes() + (1 << 12));
        staging.putBytes(Op.MAGIC, 0, Op.MAGIC.length);
        int at = staging.beginRecord(Op.HEADER);
        staging.putString(options.profile());
        staging.putString(options.library());
        staging.endRecord(at);
        writeStaging(0);
    }

    /**
     * Creates {@code file} and writes the MCAP header. Refuses, with a message that says why, a missing or
     * unwritable directory, an existing file (unless {@link McapWriterOptions#overwrite()}), a file
     * system with less than {@link McapWriterOptions#minFreeBytes()} usable, and a sink that fails the
     * first write (a full disk).
     */
    public static McapWriter open(Path file, McapWriterOptions options) throws McapWriteException {
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        String what = "cannot record to " + abs + ": ";
        if (dir == null || !Files.isDirectory(dir)) {
            throw new McapWriteException(what + (dir != null && Files.exists(dir) ? "parent " + dir
                    + " is not a directory" : "directory " + dir + " does not exist"));
        }
        if (!Files.isWritable(dir)) {
            throw new McapWriteException(what + "directory " + dir + " is not writable");
        }
        try {
            long usable = Files.getFileStore(dir).getUsableSpace();
            if (usable < options.minFreeBytes()) {
                throw new McapWriteException(what + "only " + mib(usable) + " free on the file system of " + dir
                        + ", at least " + mib(options.minFreeBytes()) + " required (minFreeBytes)");
            }
        } catch (McapWriteException e) {
            throw e;
        } catch (IOException e) {
            // A file store that cannot be asked (a device file, for one): the first write below decides.
        }
        boolean existed = Files.exists(abs);
        OpenOption[] open = options.overwrite()
                ? new OpenOption[]{StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING}
                : new OpenOption[]{StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE};
        FileChannel ch;
        try {
            ch = FileChannel.open(abs, open);
        } catch (FileAlreadyExistsException e) {
            throw new McapWriteException(what + "the file already exists (remove it or choose another name)", e);
        } catch (AccessDeniedException e) {
            throw new McapWriteException(what + "permission denied", e);
        } catch (NoSuchFileException e) {
            throw new McapWriteException(what + "directory " + dir + " does not exist", e);
        } catch (FileSystemException e) {
            throw new McapWriteException(what + (e.getReason() != null ? e.getReason() : e.toString()), e);
        } catch (IOException e) {
            throw new McapWriteException(what + e.getMessage(), e);
        }
        try {
            return new McapWriter(ch, ch, abs.toString(), options);
        } catch (IOException e) {
            closeQuietly(ch);
            if (!existed && Files.isRegularFile(abs)) {
                try {
                    Files.deleteIfExists(abs);
                } catch (IOException ignored) {
                    // The open error below is the one to report.
                }
            }
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new McapWriteException(what + "the first write failed: " + cause.getMessage(), cause);
        }
    }

    /** Writes to any channel (a socket, a pipe, memory); the header is written before this returns. */
    public static McapWriter create(WritableByteChannel sink, McapWriterOptions options) throws McapWriteException {
        try {
            return new McapWriter(sink, sink instanceof FileChannel f ? f : null, "MCAP sink " + sink, options);
        } catch (IOException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new McapWriteException("cannot start MCAP output: " + cause.getMessage(), cause);
        }
    }

    private static String mib(long bytes) {
        return String.format("%.1f MiB", bytes / (1024.0 * 1024.0));
    }

    public McapWriterOptions options() {
        return options;
    }

    /**
     * Registers a schema and returns its id (1, 2, ...). {@code encoding} is e.g. {@code ros2msg}; the
     * record is written to the data section now, and into the summary at close.
     */
    public int addSchema(String name, String encoding, byte[] data) throws IOException {
        checkOpen();
        int id = schemaRecords.size() + 1;
        if (id > 0xFFFF) {
            throw new IllegalStateException("an MCAP file holds at most 65535 schemas");
        }
        ByteArrayBuilder b = new ByteArrayBuilder(64 + data.length);
        int at = b.beginRecord(Op.SCHEMA);
        b.putU16(id);
        b.putString(name);
        b.putString(encoding);
        b.putBytes32(data);
        b.endRecord(at);
        byte[] record = b.toByteArray(0);
        writeDataRecord(record);
        schemaRecords.add(record);
        return id;
    }

    /** Registers a channel ({@code schemaId} 0: no schema) and returns its id (1, 2, ...). */
    public int addChannel(int schemaId, String topic, String messageEncoding, Map<String, String> metadata)
            throws IOException {
        checkOpen();
        if (schemaId < 0 || schemaId > schemaRecords.size()) {
            throw new IllegalArgumentException("channel " + topic + ": unknown schema id " + schemaId
                    + " (registered: 1.." + schemaRecords.size() + ", or 0 for none)");
        }
        int id = nextChannelId;
        if (id > 0xFFFF) {
            throw new IllegalStateException("an MCAP file holds at most 65535 channels");
        }
        ByteArrayBuilder b = new ByteArrayBuilder(128);
        int at = b.beginRecord(Op.CHANNEL);
        b.putU16(id);
        b.putU16(schemaId);
        b.putString(topic);
        b.putString(messageEncoding);
        b.putStringMap(metadata);
        b.endRecord(at);
        byte[] record = b.toByteArray(0);
        writeDataRecord(record);
        nextChannelId++;
        growChannels(id);
        channelKnown[id] = true;
        channelRecords.add(record);
        return id;
    }

    private void growChannels(int id) {
        if (id < channelKnown.length) {
            return;
        }
        int n = Math.max(id + 1, channelKnown.length * 2);
        channelKnown = Arrays.copyOf(channelKnown, n);
        indexEntries = Arrays.copyOf(indexEntries, n);
        indexCounts = Arrays.copyOf(indexCounts, n);
        touchedChannels = Arrays.copyOf(touchedChannels, n);
        messageIndexOffsets = Arrays.copyOf(messageIndexOffsets, n);
        channelMessageCounts = Arrays.copyOf(channelMessageCounts, n);
    }

    /**
     * Schema and Channel records go straight into the data section, outside chunks: they then precede
     * every chunk that uses them, and a corrupt or cut-off chunk never takes a definition with it.
     */
    private void writeDataRecord(byte[] record) throws IOException {
        staging.clear();
        staging.putBytes(record, 0, record.length);
        writeStaging(0);
    }

    private void markChunkOpen() {
        if (chunk.size() == 0) {
            chunkOpenedNanos = options.clock().getAsLong();
        }
    }

    /**
     * Appends a message; {@code data}'s remaining bytes are the payload (its position is not moved).
     * {@code sequence} is stored as uint32. Allocates nothing once buffers have grown.
     */
    public void writeMessage(int channelId, long sequence, long logTime, long publishTime, ByteBuffer data)
            throws IOException {
        int off = beginMessage(channelId, sequence, logTime, publishTime, data.remaining());
        chunk.putBytes(data);
        endMessage(channelId, logTime, off);
    }

    /** Appends a message whose payload is {@code data[off, off + len)}. */
    public void writeMessage(int channelId, long sequence, long logTime, long publishTime, byte[] data, int off,
                             int len) throws IOException {
        int at = beginMessage(channelId, sequence, logTime, publishTime, len);
        chunk.putBytes(data, off, len);
        endMessage(channelId, logTime, at);
    }

    private int beginMessage(int channelId, long sequence, long logTime, long publishTime, int len)
            throws IOException {
        checkOpen();
        if (channelId < 0 || channelId >= channelKnown.length || !channelKnown[channelId]) {
            throw new IllegalArgumentException("unknown MCAP channel id " + channelId);
        }
        markChunkOpen();
        int off = chunk.size();
        chunk.ensure(Op.RECORD_HEADER_BYTES + MESSAGE_HEADER_BYTES + len);
        chunk.putU8(Op.MESSAGE);
        chunk.putU64(MESSAGE_HEADER_BYTES + (long) len);
        chunk.putU16(channelId);
        chunk.putU32(sequence);
        chunk.putU64(logTime);
        chunk.putU64(publishTime);
        return off;
    }

    private void endMessage(int channelId, long logTime, int offset) throws IOException {
        int n = indexCounts[channelId];
        long[] entries = indexEntries[channelId];
        if (n == 0) {
            touchedChannels[touchedCount++] = channelId;
        }
        if (entries == null || entries.length < 2 * n + 2) {
            entries = Arrays.copyOf(entries == null ? new long[0] : entries, Math.max(64, 4 * n + 4));
            indexEntries[channelId] = entries;
        }
        entries[2 * n] = logTime;
        entries[2 * n + 1] = offset;
        indexCounts[channelId] = n + 1;
        chunkMessages++;
        chunkStartTime = Math.min(chunkStartTime, logTime);
        chunkEndTime = Math.max(chunkEndTime, logTime);
        messageCount++;
        channelMessageCounts[channelId]++;
        fileStartTime = Math.min(fileStartTime, logTime);
        fileEndTime = Math.max(fileEndTime, logTime);
        if (chunk.size() >= options.chunkSizeBytes()) {
            closeChunk();
        }
    }

    /**
     * Closes the open chunk if it holds data and is too old, and returns whether it did. {@code nowNanos}
     * is on {@link McapWriterOptions#clock()}. "Too old" looks one call ahead: the chunk is closed when,
     * at the spacing of this call and the previous one, it would be older than
     * {@link McapWriterOptions#chunkMaxAgeNanos()} at the next call, so a caller on a timer keeps every
     * record older than that age in the file.
     */
    public boolean flushIfOlderThan(long nowNanos) throws IOException {
        checkOpen();
        long spacing = lastFlushCheckNanos == Long.MIN_VALUE ? 0 : Math.max(0, nowNanos - lastFlushCheckNanos);
        lastFlushCheckNanos = nowNanos;
        if (chunk.size() == 0) {
            return false;
        }
        long age = nowNanos - chunkOpenedNanos;
        if (age + Math.min(spacing, options.chunkMaxAgeNanos()) >= options.chunkMaxAgeNanos()) {
            closeChunk();
            return true;
        }
        return false;
    }

    /** Closes the open chunk now (if it holds anything) and writes it to the sink. */
    public void flush() throws IOException {
        checkOpen();
        closeChunk();
    }

    /** Writes a Metadata record (name and string map) to the data section and indexes it. */
    public void addMetadata(String name, Map<String, String> metadata) throws IOException {
        checkOpen();
        long offset = position;
        staging.clear();
        int at = staging.beginRecord(Op.METADATA);
        staging.putString(name);
        staging.putStringMap(metadata);
        staging.endRecord(at);
        long length = staging.size();
        writeStaging(0);
        int idx = metadataIndexes.beginRecord(Op.METADATA_INDEX);
        metadataIndexes.putU64(offset);
        metadataIndexes.putU64(length);
        metadataIndexes.putString(name);
        metadataIndexes.endRecord(idx);
        metadataCount++;
    }

    /** Writes an Attachment record (with its CRC) to the data section and indexes it. */
    public void addAttachment(long logTime, long createTime, String name, String mediaType, byte[] data)
            throws IOException {
        checkOpen();
        long offset = position;
        staging.clear();
        int at = staging.beginRecord(Op.ATTACHMENT);
        staging.putU64(logTime);
        staging.putU64(createTime);
        staging.putString(name);
        staging.putString(mediaType);
        staging.putU64(data.length);
        staging.putBytes(data, 0, data.length);
        CRC32 crc = new CRC32();
        crc.update(staging.array(), at + 8, staging.size() - at - 8);
        staging.putU32(crc.getValue());
        staging.endRecord(at);
        long length = staging.size();
        writeStaging(0);
        int idx = attachmentIndexes.beginRecord(Op.ATTACHMENT_INDEX);
        attachmentIndexes.putU64(offset);
        attachmentIndexes.putU64(length);
        attachmentIndexes.putU64(logTime);
        attachmentIndexes.putU64(createTime);
        attachmentIndexes.putU64(data.length);
        attachmentIndexes.putString(name);
        attachmentIndexes.putString(mediaType);
        attachmentIndexes.endRecord(idx);
        attachmentCount++;
    }

    private void closeChunk() throws IOException {
        if (chunk.size() == 0) {
            return;
        }
        long chunkOffset = position;
        int uncompressedSize = chunk.size();
        chunkCrc.reset();
        chunkCrc.update(chunk.array(), 0, uncompressedSize);
        ByteArrayBuilder records;
        int recordsSize;
        if (compressor == null) {
            records = chunk;
            recordsSize = uncompressedSize;
        } else {
            recordsSize = compressor.compress(chunk.array(), uncompressedSize);
            records = compressor.output();
        }
        long start = chunkMessages == 0 ? 0 : chunkStartTime;
        long end = chunkMessages == 0 ? 0 : chunkEndTime;

        staging.clear();
        staging.putU8(Op.CHUNK);
        staging.putU64(8 + 8 + 8 + 4 + 4 + compressionName.length + 8 + (long) recordsSize);
        staging.putU64(start);
        staging.putU64(end);
        staging.putU64(uncompressedSize);
        staging.putU32(chunkCrc.getValue());
        staging.putBytes32(compressionName);
        staging.putU64(recordsSize);
        try {
            write(staging.view(0));
            write(records.view(0));
        } catch (IOException e) {
            throw fail(e, chunkOffset);
        }
        long chunkLength = position - chunkOffset;

        long indexStart = position;
        staging.clear();
        for (int i = 0; i < touchedCount; i++) {
            int channel = touchedChannels[i];
            int n = indexCounts[channel];
            long[] entries = indexEntries[channel];
            messageIndexOffsets[channel] = indexStart + staging.size();
            staging.putU8(Op.MESSAGE_INDEX);
            staging.putU64(2 + 4 + 16L * n);
            staging.putU16(channel);
            staging.putU32(16L * n);
            for (int k = 0; k < 2 * n; k++) {
                staging.putU64(entries[k]);
            }
        }
        try {
            write(staging.view(0));
        } catch (IOException e) {
            throw fail(e, chunkOffset);
        }
        long indexLength = position - indexStart;

        int at = chunkIndexes.beginRecord(Op.CHUNK_INDEX);
        chunkIndexes.putU64(start);
        chunkIndexes.putU64(end);
        chunkIndexes.putU64(chunkOffset);
        chunkIndexes.putU64(chunkLength);
        chunkIndexes.putU32(touchedCount * 10L);
        for (int i = 0; i < touchedCount; i++) {
            int channel = touchedChannels[i];
            chunkIndexes.putU16(channel);
            chunkIndexes.putU64(messageIndexOffsets[channel]);
            indexCounts[channel] = 0;
        }
        chunkIndexes.putU64(indexLength);
        chunkIndexes.putBytes32(compressionName);
        chunkIndexes.putU64(recordsSize);
        chunkIndexes.putU64(uncompressedSize);
        chunkIndexes.endRecord(at);

        chunkCount++;
        touchedCount = 0;
        chunkMessages = 0;
        chunkStartTime = Long.MAX_VALUE;
        chunkEndTime = Long.MIN_VALUE;
        chunk.clear();
        if (options.syncEachChunk() && file != null) {
            try {
                file.force(false);
            } catch (IOException e) {
                throw fail(e, position);
            }
        }
    }

    private void writeStaging(int from) throws IOException {
        long good = position;
        try {
            write(staging.view(from));
        } catch (IOException e) {
            throw fail(e, good);
        }
    }

    private void write(ByteBuffer b) throws IOException {
        dataCrc.update(b.array(), b.arrayOffset() + b.position(), b.remaining());
        while (b.hasRemaining()) {
            position += out.write(b);
        }
    }

    private McapWriteException fail(IOException e, long goodPosition) {
        state = State.FAILED;
        if (file != null) {
            try {
                file.truncate(goodPosition);
            } catch (IOException | RuntimeException ignored) {
                // Keep the first error; a partial record at the end still reads as a truncated file.
            }
        }
        McapWriteException f = new McapWriteException("writing " + target + " failed at byte " + goodPosition
                + ": " + e.getMessage() + " (the recording stopped; the file keeps its first " + goodPosition
                + " bytes, readable and repairable)", e);
        failure = f;
        return f;
    }

    private void checkOpen() throws McapWriteException {
        if (state != State.OPEN) {
            if (state == State.FAILED) {
                throw new McapWriteException("MCAP writer stopped after an earlier error: " + failure.getMessage(),
                        failure);
            }
            throw new McapWriteException("MCAP writer for " + target + " is closed");
        }
    }

    /** True once a write to the sink has failed; {@link #failure()} says what happened. */
    public boolean failed() {
        return state == State.FAILED;
    }

    public IOException failure() {
        return failure;
    }

    /** Bytes written to the sink so far (the open chunk is not counted until it is closed). */
    public long bytesWritten() {
        return position;
    }

    /**
     * Messages of one channel in chunks already written to the sink (not those of the open chunk, nor, after a
     * failure, those of the chunk that failed and was cut off).
     */
    public long messagesInCompleteChunks(int channelId) {
        return channelMessageCounts[channelId] - indexCounts[channelId];
    }

    public long messagesWritten() {
        return messageCount;
    }

    public long chunksWritten() {
        return chunkCount;
    }

    /** Bytes of records waiting in the open chunk. */
    public int openChunkBytes() {
        return chunk.size();
    }

    /**
     * Closes the open chunk and writes the data end record, summary, summary offsets, footer and magic,
     * then closes the sink. After a write failure it only releases the sink (and does not throw).
     */
    @Override
    public void close() throws IOException {
        if (state == State.CLOSED) {
            return;
        }
        if (state == State.FAILED) {
            state = State.CLOSED;
            closeQuietly(out);
            return;
        }
        try {
            closeChunk();
            writeSummary();
            compressorClose();
            state = State.CLOSED;
            out.close();
        } catch (IOException e) {
            McapWriteException f = e instanceof McapWriteException m ? m : fail(e, position);
            state = State.CLOSED;
            compressorClose();
            closeQuietly(out);
            throw f;
        }
    }

    private void compressorClose() {
        if (compressor != null) {
            compressor.close();
        }
    }

    private void writeSummary() throws IOException {
        staging.clear();
        int at = staging.beginRecord(Op.DATA_END);
        staging.putU32(dataCrc.getValue());
        staging.endRecord(at);
        writeStaging(0);

        long summaryStart = position;
        staging.clear();
        long[] groupStart = new long[16];
        long[] groupLength = new long[16];
        int[] groups = {Op.SCHEMA, Op.CHANNEL, Op.STATISTICS, Op.CHUNK_INDEX, Op.ATTACHMENT_INDEX, Op.METADATA_INDEX};
        for (int op : groups) {
            int begin = staging.size();
            switch (op) {
                case Op.SCHEMA -> schemaRecords.forEach(r -> staging.putBytes(r, 0, r.length));
                case Op.CHANNEL -> channelRecords.forEach(r -> staging.putBytes(r, 0, r.length));
                case Op.STATISTICS -> putStatistics();
                case Op.CHUNK_INDEX -> staging.putBytes(chunkIndexes.array(), 0, chunkIndexes.size());
                case Op.ATTACHMENT_INDEX -> staging.putBytes(attachmentIndexes.array(), 0, attachmentIndexes.size());
                case Op.METADATA_INDEX -> staging.putBytes(metadataIndexes.array(), 0, metadataIndexes.size());
                default -> throw new AssertionError(op);
            }
            groupStart[op] = summaryStart + begin;
            groupLength[op] = staging.size() - begin;
        }
        long summaryOffsetStart = summaryStart + staging.size();
        for (int op : groups) {
            if (groupLength[op] > 0) {
                int so = staging.beginRecord(Op.SUMMARY_OFFSET);
                staging.putU8(op);
                staging.putU64(groupStart[op]);
                staging.putU64(groupLength[op]);
                staging.endRecord(so);
            }
        }
        staging.putU8(Op.FOOTER);
        staging.putU64(20);
        staging.putU64(summaryStart);
        staging.putU64(summaryOffsetStart);
        summaryCrc.reset();
        summaryCrc.update(staging.array(), 0, staging.size());
        staging.putU32(summaryCrc.getValue());
        staging.putBytes(Op.MAGIC, 0, Op.MAGIC.length);
        writeStaging(0);
    }

    private void putStatistics() {
        int at = staging.beginRecord(Op.STATISTICS);
        staging.putU64(messageCount);
        staging.putU16(schemaRecords.size());
        staging.putU32(channelRecords.size());
        staging.putU32(attachmentCount);
        staging.putU32(metadataCount);
        staging.putU32(chunkCount);
        staging.putU64(messageCount == 0 ? 0 : fileStartTime);
        staging.putU64(messageCount == 0 ? 0 : fileEndTime);
        int mapAt = staging.skip(4);
        for (int id = 0; id < channelKnown.length; id++) {
            if (channelKnown[id]) {
                staging.putU16(id);
                staging.putU64(channelMessageCounts[id]);
            }
        }
        staging.setU32(mapAt, staging.size() - mapAt - 4);
        staging.endRecord(at);
    }

    private static void closeQuietly(java.nio.channels.Channel c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // Closing after an error: the first error is the one reported.
        }
    }
}
