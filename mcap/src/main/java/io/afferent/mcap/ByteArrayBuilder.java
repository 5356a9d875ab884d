package io.afferent.mcap;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A growable little-endian byte array. It grows by doubling, so after warm-up appending allocates
 * nothing; {@link #view()} is a reusable {@link ByteBuffer} over the current array.
 */
final class ByteArrayBuilder {
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private byte[] array;
    private ByteBuffer view;
    private int size;

    ByteArrayBuilder(int initialCapacity) {
        array = new byte[Math.max(16, initialCapacity)];
        view = ByteBuffer.wrap(array);
    }

    byte[] array() {
        return array;
    }

    int size() {
        return size;
    }

    void clear() {
        size = 0;
    }

    /** Drops everything after {@code newSize}. */
    void truncate(int newSize) {
        size = newSize;
    }

    /** The bytes [from, size) as a reusable buffer (valid until the next append). */
    ByteBuffer view(int from) {
        view.limit(size).position(from);
        return view;
    }

    void ensure(int extra) {
        long needed = (long) size + extra;
        if (needed > array.length) {
            if (needed > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("record buffer would exceed 2 GiB");
            }
            long capacity = Math.max(needed, Math.min((long) array.length * 2, Integer.MAX_VALUE - 16));
            byte[] bigger = new byte[(int) capacity];
            System.arraycopy(array, 0, bigger, 0, size);
            array = bigger;
            view = ByteBuffer.wrap(array);
        }
    }

    /** Reserves {@code n} bytes without writing them and returns their offset. */
    int skip(int n) {
        ensure(n);
        int at = size;
        size += n;
        return at;
    }

    void putU8(int v) {
        ensure(1);
        array[size++] = (byte) v;
    }

    void putU16(int v) {
        ensure(2);
        SHORT.set(array, size, (short) v);
        size += 2;
    }

    void putU32(long v) {
        ensure(4);
        INT.set(array, size, (int) v);
        size += 4;
    }

    void putU64(long v) {
        ensure(8);
        LONG.set(array, size, v);
        size += 8;
    }

    void setU32(int at, long v) {
        INT.set(array, at, (int) v);
    }

    void setU64(int at, long v) {
        LONG.set(array, at, v);
    }

    void putBytes(byte[] src, int off, int len) {
        ensure(len);
        System.arraycopy(src, off, array, size, len);
        size += len;
    }

    /** Copies {@code src}'s remaining bytes without moving its position. */
    void putBytes(ByteBuffer src) {
        int len = src.remaining();
        ensure(len);
        src.get(src.position(), array, size, len);
        size += len;
    }

    /** uint32 byte length, then UTF-8 (allocates: for records written once, not per message). */
    void putString(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        putU32(utf8.length);
        putBytes(utf8, 0, utf8.length);
    }

    /** uint32 byte length prefixed bytes. */
    void putBytes32(byte[] b) {
        putU32(b.length);
        putBytes(b, 0, b.length);
    }

    void putStringMap(Map<String, String> map) {
        int lengthAt = skip(4);
        for (Map.Entry<String, String> e : map.entrySet()) {
            putString(e.getKey());
            putString(e.getValue());
        }
        setU32(lengthAt, size - lengthAt - 4);
    }

    /** Starts a record: opcode and a placeholder length; returns the offset to pass to {@link #endRecord}. */
    int beginRecord(int opcode) {
        putU8(opcode);
        return skip(8);
    }

    void endRecord(int lengthAt) {
        setU64(lengthAt, size - lengthAt - 8);
    }

    byte[] toByteArray(int from) {
        byte[] out = new byte[size - from];
        System.arraycopy(array, from, out, 0, out.length);
        return out;
    }
}
