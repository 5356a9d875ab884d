package io.afferent.mcap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channel;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.util.zip.CRC32;

/**
 * Where an {@link McapWriter}'s bytes go: the channel, the bytes written so far, the data-section CRC, a
 * staging buffer for the record being written, and the writer's state. On the first failed write it cuts
 * a file back to the last complete record and remembers the error; every later call is refused with it.
 *
 * <p>Single writer: the writer's thread.
 */
final class McapSink {
    private enum State { OPEN, FAILED, CLOSED }

    private final WritableByteChannel out;
    private final FileChannel file;
    private final String target;
    private final ByteArrayBuilder staging = new ByteArrayBuilder(1 << 16);
    private final CRC32 dataCrc = new CRC32();

    private State state = State.OPEN;
    private IOException failure;
    private long position;

    /** {@code file} is {@code out} when it is a file (it can then be truncated and synced), else null. */
    McapSink(WritableByteChannel out, FileChannel file, String target) {
        this.out = out;
        this.file = file;
        this.target = target;
    }

    /** The scratch buffer for the record(s) to write next; the caller clears it. */
    ByteArrayBuilder staging() {
        return staging;
    }

    /** Bytes written so far. */
    long position() {
        return position;
    }

    /** CRC of everything written so far (the data section, until the summary starts). */
    long dataCrc() {
        return dataCrc.getValue();
    }

    /** Writes the staging buffer; on failure the output is cut back to where it started. */
    void writeStaging() throws IOException {
        long good = position;
        try {
            write(staging.view(0));
        } catch (IOException e) {
            throw fail(e, good);
        }
    }

    /** Writes one complete record held in {@code record}. */
    void writeRecord(byte[] record) throws IOException {
        staging.clear();
        staging.putBytes(record, 0, record.length);
        writeStaging();
    }

    /** Writes all of {@code b}; the caller turns a failure into {@link #fail}. */
    void write(ByteBuffer b) throws IOException {
        dataCrc.update(b.array(), b.arrayOffset() + b.position(), b.remaining());
        while (b.hasRemaining()) {
            position += out.write(b);
        }
    }

    /** Forces a file's content to the device (nothing for other channels). */
    void sync() throws IOException {
        if (file != null) {
            try {
                file.force(false);
            } catch (IOException e) {
                throw fail(e, position);
            }
        }
    }

    /** Stops the writer after {@code e}: cuts a file back to {@code goodPosition} and returns the error to throw. */
    McapWriteException fail(IOException e, long goodPosition) {
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

    void checkOpen() throws McapWriteException {
        if (state != State.OPEN) {
            if (state == State.FAILED) {
                throw new McapWriteException("MCAP writer stopped after an earlier error: " + failure.getMessage(),
                        failure);
            }
            throw new McapWriteException("MCAP writer for " + target + " is closed");
        }
    }

    boolean failed() {
        return state == State.FAILED;
    }

    boolean closed() {
        return state == State.CLOSED;
    }

    IOException failure() {
        return failure;
    }

    /** Closes the channel after a complete file. */
    void close() throws IOException {
        state = State.CLOSED;
        out.close();
    }

    /** Closes the channel after an error, without throwing: the first error is the one reported. */
    void release() {
        state = State.CLOSED;
        closeQuietly(out);
    }

    static void closeQuietly(Channel c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // Closing after an error: the first error is the one reported.
        }
    }
}
