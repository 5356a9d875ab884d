package io.afferent.mcap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * The open chunk of an {@link McapWriter}: message records encoded into a reusable buffer, the per-channel
 * message index of the chunk, its time range and age; closing it compresses the records and writes the
 * Chunk record, its Message Index records and (into the summary) its Chunk Index record. Buffers grow to
 * their largest size and are reused, so a message costs no allocation once they have grown.
 *
 * <p>Single writer: the writer's thread.
 */
final class ChunkBuilder {
    private static final int MESSAGE_HEADER_BYTES = 2 + 4 + 8 + 8;

    private final McapWriterOptions options;
    private final ChunkCompressor compressor;
    private final byte[] compressionName;
    private final ByteArrayBuilder chunk;
    private final CRC32 chunkCrc = new CRC32();

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

    ChunkBuilder(McapWriterOptions options) {
        this.options = options;
        this.compressor = options.compression() == Compression.NONE ? null
                : ChunkCompressor.create(options.compression(), options.compressionLevel());
        this.compressionName = options.compression().mcapName().getBytes(StandardCharsets.UTF_8);
        this.chunk = new ByteArrayBuilder(options.chunkSizeBytes() + (1 << 12));
    }

    /** Makes room for the index of channel {@code id}. */
    void addChannel(int id) {
        if (id < indexCounts.length) {
            return;
        }
        int n = Math.max(id + 1, indexCounts.length * 2);
        indexEntries = Arrays.copyOf(indexEntries, n);
        indexCounts = Arrays.copyOf(indexCounts, n);
        touchedChannels = Arrays.copyOf(touchedChannels, n);
        messageIndexOffsets = Arrays.copyOf(messageIndexOffsets, n);
    }

    /** Bytes of records in the open chunk. */
    /** Messages of a channel in the open chunk (after a failed close: in the chunk that failed). */
    int messagesOf(int channelId) {
        return channelId < indexCounts.length ? indexCounts[channelId] : 0;
    }

    int size() {
        return chunk.size();
    }

    /** Starts a Message record with a {@code len}-byte payload; returns its offset in the chunk. */
    int beginMessage(int channelId, long sequence, long logTime, long publishTime, int len) {
        if (chunk.size() == 0) {
            chunkOpenedNanos = options.clock().getAsLong();
        }
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

    void putPayload(ByteBuffer data) {
        chunk.putBytes(data);
    }

    void putPayload(byte[] data, int off, int len) {
        chunk.putBytes(data, off, len);
    }

    /** Indexes the message begun at {@code offset}; returns true when the chunk is full and must be closed. */
    boolean endMessage(int channelId, long logTime, int offset) {
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
        return chunk.size() >= options.chunkSizeBytes();
    }

    /**
     * True if the chunk holds data and, at the spacing of this call and the previous one, would be older
     * than {@link McapWriterOptions#chunkMaxAgeNanos()} at the next call (see {@link McapWriter#flushIfOlderThan}).
     */
    boolean dueAt(long nowNanos) {
        long spacing = lastFlushCheckNanos == Long.MIN_VALUE ? 0 : Math.max(0, nowNanos - lastFlushCheckNanos);
        lastFlushCheckNanos = nowNanos;
        if (chunk.size() == 0) {
            return false;
        }
        long age = nowNanos - chunkOpenedNanos;
        return age + Math.min(spacing, options.chunkMaxAgeNanos()) >= options.chunkMaxAgeNanos();
    }

    /**
     * Writes the open chunk (if it holds anything) and its message indexes to {@code sink}, appends its
     * chunk index to {@code summary}, and empties it. A failed write cuts the file back to before the chunk.
     */
    void close(McapSink sink, McapSummary summary) throws IOException {
        if (chunk.size() == 0) {
            return;
        }
        long chunkOffset = sink.position();
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

        ByteArrayBuilder staging = sink.staging();
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
            sink.write(staging.view(0));
            sink.write(records.view(0));
        } catch (IOException e) {
            throw sink.fail(e, chunkOffset);
        }
        long chunkLength = sink.position() - chunkOffset;

        long indexStart = sink.position();
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
            sink.write(staging.view(0));
        } catch (IOException e) {
            throw sink.fail(e, chunkOffset);
        }
        long indexLength = sink.position() - indexStart;

        ByteArrayBuilder chunkIndexes = summary.chunkIndexes();
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

        summary.countChunk();
        touchedCount = 0;
        chunkMessages = 0;
        chunkStartTime = Long.MAX_VALUE;
        chunkEndTime = Long.MIN_VALUE;
        chunk.clear();
        if (options.syncEachChunk()) {
            sink.sync();
        }
    }

    /** Releases the compressor's native resources. */
    void releaseCompressor() {
        if (compressor != null) {
            compressor.close();
        }
    }
}
