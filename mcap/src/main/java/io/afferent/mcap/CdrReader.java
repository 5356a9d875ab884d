package io.afferent.mcap;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Reads a CDR (XCDR1 little-endian, encapsulation {@code 00 01 00 00}) message written by
 * {@link CdrWriter} or a ROS 2 middleware, with the same alignment rules. Out-of-range reads throw
 * {@link IllegalArgumentException} naming the offset.
 */
public final class CdrReader {
    private final ByteBuffer b;
    private final int base;

    public CdrReader(byte[] data) {
        this(data, 0, data.length);
    }

    public CdrReader(byte[] data, int off, int len) {
        if (len < CdrWriter.HEADER_BYTES) {
            throw new IllegalArgumentException("CDR message too short: " + len + " bytes");
        }
        if (data[off] != 0 || data[off + 1] != 1) {
            throw new IllegalArgumentException(String.format(
                    "unsupported CDR encapsulation %02x %02x (only 00 01, CDR little-endian, is read)",
                    data[off], data[off + 1]));
        }
        b = ByteBuffer.wrap(data, off, len).slice().order(ByteOrder.LITTLE_ENDIAN);
        b.position(CdrWriter.HEADER_BYTES);
        base = CdrWriter.HEADER_BYTES;
    }

    private void align(int n) {
        int pad = -(b.position() - base) & (n - 1);
        need(pad);
        b.position(b.position() + pad);
    }

    private void need(int n) {
        if (b.remaining() < n) {
            throw new IllegalArgumentException("CDR message ends at byte " + b.limit() + ", reading " + n
                    + " bytes at " + b.position());
        }
    }

    public int position() {
        return b.position();
    }

    public int remaining() {
        return b.remaining();
    }

    public boolean readBool() {
        return readUint8() != 0;
    }

    public byte readInt8() {
        need(1);
        return b.get();
    }

    public int readUint8() {
        return readInt8() & 0xFF;
    }

    public short readInt16() {
        align(2);
        need(2);
        return b.getShort();
    }

    public int readUint16() {
        return readInt16() & 0xFFFF;
    }

    public int readInt32() {
        align(4);
        need(4);
        return b.getInt();
    }

    public long readUint32() {
        return readInt32() & 0xFFFFFFFFL;
    }

    public long readInt64() {
        align(8);
        need(8);
        return b.getLong();
    }

    public long readUint64() {
        return readInt64();
    }

    public float readFloat32() {
        return Float.intBitsToFloat(readInt32());
    }

    public double readFloat64() {
        return Double.longBitsToDouble(readInt64());
    }

    public String readString() {
        int n = readInt32();
        if (n < 1) {
            throw new IllegalArgumentException("CDR string length " + n + " at byte " + (b.position() - 4)
                    + " (it counts the terminating NUL, so it is at least 1)");
        }
        need(n);
        byte[] s = new byte[n - 1];
        b.get(s);
        b.get();
        return new String(s, StandardCharsets.UTF_8);
    }

    public int readSequenceLength() {
        int n = readInt32();
        if (n < 0 || n > b.remaining()) {
            throw new IllegalArgumentException("CDR sequence length " + n + " at byte " + (b.position() - 4)
                    + " exceeds the message");
        }
        return n;
    }

    public double[] readFloat64Array(int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = readFloat64();
        }
        return out;
    }

    /** {@code builtin_interfaces/Time} as nanoseconds since the epoch. */
    public long readTime() {
        long sec = readInt32();
        long nanosec = readUint32();
        return sec * 1_000_000_000L + nanosec;
    }
}
