package io.afferent.mcap;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Serializes a ROS 2 message as CDR (XCDR1, little-endian, the encapsulation header {@code 00 01 00 00})
 * into a reusable buffer: each primitive is aligned to its size (8 for 64-bit types) relative to the
 * byte after the header, strings are a uint32 length (with the NUL) then UTF-8 and a NUL, sequences a
 * uint32 count then the elements, fixed arrays the elements alone. Nested structs are their fields in
 * order. Once the buffer has grown to the largest message nothing is allocated.
 *
 * <p>Single writer: one thread fills a message at a time; call {@link #reset()} before each message and
 * pass {@link #buffer()} to {@link McapWriter#writeMessage}.
 */
public final class CdrWriter {
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    static final int HEADER_BYTES = 4;

    private byte[] buf;
    private ByteBuffer view;
    private int pos;

    public CdrWriter() {
        this(256);
    }

    public CdrWriter(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
        view = ByteBuffer.wrap(buf);
        reset();
    }

    /** Starts a new message: writes the encapsulation header (CDR_LE, options 0). */
    public CdrWriter reset() {
        buf[0] = 0;
        buf[1] = 1;
        buf[2] = 0;
        buf[3] = 0;
        pos = HEADER_BYTES;
        return this;
    }

    /** Bytes written so far, header included. */
    public int size() {
        return pos;
    }

    /** The message so far as a reusable buffer [0, size) (valid until the next write). */
    public ByteBuffer buffer() {
        view.limit(pos).position(0);
        return view;
    }

    /** The backing array; the message is [0, {@link #size()}). */
    public byte[] array() {
        return buf;
    }

    private void ensure(int n) {
        if (pos + n > buf.length) {
            byte[] bigger = new byte[Math.max(pos + n, buf.length * 2)];
            System.arraycopy(buf, 0, bigger, 0, pos);
            buf = bigger;
            view = ByteBuffer.wrap(buf);
        }
    }

    private void align(int n) {
        int pad = -(pos - HEADER_BYTES) & (n - 1);
        ensure(pad + n);
        for (int i = 0; i < pad; i++) {
            buf[pos++] = 0;
        }
    }

    public CdrWriter writeBool(boolean v) {
        return writeUint8(v ? 1 : 0);
    }

    public CdrWriter writeInt8(int v) {
        ensure(1);
        buf[pos++] = (byte) v;
        return this;
    }

    public CdrWriter writeUint8(int v) {
        return writeInt8(v);
    }

    public CdrWriter writeInt16(int v) {
        align(2);
        SHORT.set(buf, pos, (short) v);
        pos += 2;
        return this;
    }

    public CdrWriter writeUint16(int v) {
        return writeInt16(v);
    }

    public CdrWriter writeInt32(int v) {
        align(4);
        INT.set(buf, pos, v);
        pos += 4;
        return this;
    }

    /** The low 32 bits of {@code v}. */
    public CdrWriter writeUint32(long v) {
        return writeInt32((int) v);
    }

    public CdrWriter writeInt64(long v) {
        align(8);
        LONG.set(buf, pos, v);
        pos += 8;
        return this;
    }

    /** {@code v}'s 64 bits as unsigned. */
    public CdrWriter writeUint64(long v) {
        return writeInt64(v);
    }

    public CdrWriter writeFloat32(float v) {
        return writeInt32(Float.floatToRawIntBits(v));
    }

    public CdrWriter writeFloat64(double v) {
        return writeInt64(Double.doubleToRawLongBits(v));
    }

    /** A string: uint32 length including the terminating NUL, UTF-8 bytes, NUL. No allocation. */
    public CdrWriter writeString(CharSequence s) {
        align(4);
        int lengthAt = pos;
        pos += 4;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                ensure(1);
                buf[pos++] = (byte) c;
            } else if (c < 0x800) {
                ensure(2);
                buf[pos++] = (byte) (0xC0 | c >> 6);
                buf[pos++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                ensure(4);
                buf[pos++] = (byte) (0xF0 | cp >> 18);
                buf[pos++] = (byte) (0x80 | cp >> 12 & 0x3F);
                buf[pos++] = (byte) (0x80 | cp >> 6 & 0x3F);
                buf[pos++] = (byte) (0x80 | cp & 0x3F);
            } else {
                char e = Character.isSurrogate(c) ? '?' : c;
                ensure(3);
                buf[pos++] = (byte) (0xE0 | e >> 12);
                buf[pos++] = (byte) (0x80 | e >> 6 & 0x3F);
                buf[pos++] = (byte) (0x80 | e & 0x3F);
            }
        }
        ensure(1);
        buf[pos++] = 0;
        INT.set(buf, lengthAt, pos - lengthAt - 4);
        return this;
    }

    /** The uint32 element count that starts a variable-length sequence; write the elements after it. */
    public CdrWriter writeSequenceLength(int count) {
        return writeInt32(count);
    }

    /** A fixed-size array {@code float64[N]} (no length): {@code values[off, off + n)}. */
    public CdrWriter writeFloat64Array(double[] values, int off, int n) {
        if (n == 0) {
            return this;
        }
        align(8);
        ensure(8 * n);
        for (int i = 0; i < n; i++) {
            LONG.set(buf, pos, Double.doubleToRawLongBits(values[off + i]));
            pos += 8;
        }
        return this;
    }

    public CdrWriter writeFloat64Array(double[] values) {
        return writeFloat64Array(values, 0, values.length);
    }

    /** A sequence {@code float64[]}: count, then the values. */
    public CdrWriter writeFloat64Sequence(double[] values, int off, int n) {
        writeSequenceLength(n);
        return writeFloat64Array(values, off, n);
    }

    public CdrWriter writeFloat32Array(float[] values, int off, int n) {
        for (int i = 0; i < n; i++) {
            writeFloat32(values[off + i]);
        }
        return this;
    }

    /** A fixed-size {@code uint8[N]}/{@code int8[N]} array (no length). */
    public CdrWriter writeBytes(byte[] values, int off, int n) {
        ensure(n);
        System.arraycopy(values, off, buf, pos, n);
        pos += n;
        return this;
    }

    /** ROS 2 {@code builtin_interfaces/Time} from nanoseconds since the epoch: int32 sec, uint32 nanosec. */
    public CdrWriter writeTime(long epochNanos) {
        long sec = Math.floorDiv(epochNanos, 1_000_000_000L);
        writeInt32((int) sec);
        return writeUint32(Math.floorMod(epochNanos, 1_000_000_000L));
    }

    /** ROS 2 {@code std_msgs/Header}: stamp (Time) then frame_id. */
    public CdrWriter writeHeader(long stampEpochNanos, CharSequence frameId) {
        writeTime(stampEpochNanos);
        return writeString(frameId);
    }
}
