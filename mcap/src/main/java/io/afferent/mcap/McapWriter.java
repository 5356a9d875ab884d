package io.afferent.mcap;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
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
 *
 * <p>The parts: {@link ChunkBuilder} (the open chunk and its indexes), {@link McapSummary} (what the end
 * of the file lists), {@link McapSink} (the output, its CRC and failure state), {@link McapFileOpener}.
 */
public final class McapWriter implements Closeable {
    private final McapWriterOptions options;
    private final McapSink sink;
    private final ChunkBuilder chunk;
    private final McapSummary summary = new McapSummary();
    private int nextChannelId = 1;

    /** Writes the magic and the header record to {@code out}; {@code file} is {@code out} if it is a file. */
    McapWriter(WritableByteChannel out, FileChannel file, String target, McapWriterOptions options)
            throws IOException {
        this.options = options;
        this.sink = new McapSink(out, file, target);
        this.chunk = new ChunkBuilder(options);
        ByteArrayBuilder staging = sink.staging();
        staging.putBytes(Op.MAGIC, 0, Op.MAGIC.length);
        int at = staging.beginRecord(Op.HEADER);
        staging.putString(options.profile());
        staging.putString(options.library());
        staging.endRecord(at);
        sink.writeStaging();
    }

    /**
     * Creates {@code file} and writes the MCAP header. Refuses, with a message that says why, a missing or
     * unwritable directory, an existing file (unless {@link McapWriterOptions#overwrite()}), a file
     * system with less than {@link McapWriterOptions#minFreeBytes()} usable, and a sink that fails the
     * first write (a full disk).
     */
    public static McapWriter open(Path file, McapWriterOptions options) throws McapWriteException {
        return McapFileOpener.open(file, options);
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

    public McapWriterOptions options() {
        return options;
    }

    /**
     * Registers a schema and returns its id (1, 2, ...). {@code encoding} is e.g. {@code ros2msg}; the
     * record is written to the data section now, and into the summary at close.
     */
    public int addSchema(String name, String encoding, byte[] data) throws IOException {
        sink.checkOpen();
        int id = summary.schemaCount() + 1;
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
        sink.writeRecord(record);
        summary.addSchema(record);
        return id;
    }

    /** Registers a channel ({@code schemaId} 0: no schema) and returns its id (1, 2, ...). */
    public int addChannel(int schemaId, String topic, String messageEncoding, Map<String, String> metadata)
            throws IOException {
        sink.checkOpen();
        if (schemaId < 0 || schemaId > summary.schemaCount()) {
            throw new IllegalArgumentException("channel " + topic + ": unknown schema id " + schemaId
                    + " (registered: 1.." + summary.schemaCount() + ", or 0 for none)");
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
        sink.writeRecord(record);
        nextChannelId++;
        chunk.addChannel(id);
        summary.addChannel(id, record);
        return id;
    }

    /**
     * Appends a message; {@code data}'s remaining bytes are the payload (its position is not moved).
     * {@code sequence} is stored as uint32. Allocates nothing once buffers have grown.
     */
    public void writeMessage(int channelId, long sequence, long logTime, long publishTime, ByteBuffer data)
            throws IOException {
        int off = beginMessage(channelId, sequence, logTime, publishTime, data.remaining());
        chunk.putPayload(data);
        endMessage(channelId, logTime, off);
    }

    /** Appends a message whose payload is {@code data[off, off + len)}. */
    public void writeMessage(int channelId, long sequence, long logTime, long publishTime, byte[] data, int off,
                             int len) throws IOException {
        int at = beginMessage(channelId, sequence, logTime, publishTime, len);
        chunk.putPayload(data, off, len);
        endMessage(channelId, logTime, at);
    }

    private int beginMessage(int channelId, long sequence, long logTime, long publishTime, int len)
            throws IOException {
        sink.checkOpen();
        if (!summary.knowsChannel(channelId)) {
            throw new IllegalArgumentException("unknown MCAP channel id " + channelId);
        }
        return chunk.beginMessage(channelId, sequence, logTime, publishTime, len);
    }

    private void endMessage(int channelId, long logTime, int offset) throws IOException {
        boolean full = chunk.endMessage(channelId, logTime, offset);
        summary.countMessage(channelId, logTime);
        if (full) {
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
        sink.checkOpen();
        if (chunk.dueAt(nowNanos)) {
            closeChunk();
            return true;
        }
        return false;
    }

    /** Closes the open chunk now (if it holds anything) and writes it to the sink. */
    public void flush() throws IOException {
        sink.checkOpen();
        closeChunk();
    }

    /** Writes a Metadata record (name and string map) to the data section and indexes it. */
    public void addMetadata(String name, Map<String, String> metadata) throws IOException {
        sink.checkOpen();
        long offset = sink.position();
        ByteArrayBuilder staging = sink.staging();
        staging.clear();
        int at = staging.beginRecord(Op.METADATA);
        staging.putString(name);
        staging.putStringMap(metadata);
        staging.endRecord(at);
        long length = staging.size();
        sink.writeStaging();
        summary.indexMetadata(offset, length, name);
    }

    /** Writes an Attachment record (with its CRC) to the data section and indexes it. */
    public void addAttachment(long logTime, long createTime, String name, String mediaType, byte[] data)
            throws IOException {
        sink.checkOpen();
        long offset = sink.position();
        ByteArrayBuilder staging = sink.staging();
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
        sink.writeStaging();
        summary.indexAttachment(offset, length, logTime, createTime, data.length, name, mediaType);
    }

    private void closeChunk() throws IOException {
        chunk.close(sink, summary);
    }

    /** True once a write to the sink has failed; {@link #failure()} says what happened. */
    public boolean failed() {
        return sink.failed();
    }

    public IOException failure() {
        return sink.failure();
    }

    /** Bytes written to the sink so far (the open chunk is not counted until it is closed). */
    public long bytesWritten() {
        return sink.position();
    }

    /**
     * Messages of one channel in chunks already written to the sink (not those of the open chunk, nor, after a
     * failure, those of the chunk that failed and was cut off).
     */
    public long messagesInCompleteChunks(int channelId) {
        return summary.channelMessageCount(channelId) - chunk.messagesOf(channelId);
    }

    public long messagesWritten() {
        return summary.messageCount();
    }

    public long chunksWritten() {
        return summary.chunkCount();
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
        if (sink.closed()) {
            return;
        }
        if (sink.failed()) {
            sink.release();
            return;
        }
        try {
            closeChunk();
            summary.write(sink);
            chunk.releaseCompressor();
            sink.close();
        } catch (IOException e) {
            McapWriteException f = e instanceof McapWriteException m ? m : sink.fail(e, sink.position());
            chunk.releaseCompressor();
            sink.release();
            throw f;
        }
    }
}
