package io.afferent.mcap;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Generic CDR encoding and decoding of a message described by a {@link MessageSchema}, with values as
 * maps (field name → value): numbers as {@link Number}, {@code bool} as Boolean, {@code string} as
 * CharSequence, arrays and sequences as {@link List} (or {@code double[]}/{@code float[]}/{@code byte[]}),
 * nested messages as maps. Allocates: for tools, tests and export, not for the recording hot path (write
 * hot types with {@link CdrWriter} directly).
 */
public final class Ros2Cdr {
    private Ros2Cdr() {
    }

    /** Writes {@code value} as a whole message (after {@link CdrWriter#reset()}). */
    public static CdrWriter encode(CdrWriter w, MessageSchema schema, Map<String, ?> value) {
        w.reset();
        writeFields(w, schema, value);
        return w;
    }

    /** Writes the fields of {@code schema} from {@code value}; a missing field is an error naming it. */
    public static void writeFields(CdrWriter w, MessageSchema schema, Map<String, ?> value) {
        for (FieldSchema f : schema.fields()) {
            Object v = value.get(f.name());
            if (v == null) {
                throw new IllegalArgumentException(schema.name() + ": no value for field '" + f.name() + "'");
            }
            if (f.arrayLength() == FieldSchema.SCALAR) {
                writeOne(w, f, v);
                continue;
            }
            List<?> items = asList(v, schema, f);
            if (f.arrayLength() == FieldSchema.SEQUENCE) {
                w.writeSequenceLength(items.size());
            } else if (items.size() != f.arrayLength()) {
                throw new IllegalArgumentException(schema.name() + "." + f.name() + ": " + items.size()
                        + " values for a fixed array of " + f.arrayLength());
            }
            for (Object item : items) {
                writeOne(w, f, item);
            }
        }
    }

    private static List<?> asList(Object v, MessageSchema schema, FieldSchema f) {
        if (v instanceof List<?> l) {
            return l;
        }
        List<Object> out = new ArrayList<>();
        switch (v) {
            case double[] d -> {
                for (double x : d) {
                    out.add(x);
                }
            }
            case float[] d -> {
                for (float x : d) {
                    out.add(x);
                }
            }
            case byte[] d -> {
                for (byte x : d) {
                    out.add(x);
                }
            }
            case long[] d -> {
                for (long x : d) {
                    out.add(x);
                }
            }
            case int[] d -> {
                for (int x : d) {
                    out.add(x);
                }
            }
            default -> throw new IllegalArgumentException(schema.name() + "." + f.name()
                    + ": an array field needs a List or a primitive array, got " + v.getClass().getSimpleName());
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void writeOne(CdrWriter w, FieldSchema f, Object v) {
        switch (f.type()) {
            case BOOL -> w.writeBool((Boolean) v);
            case INT8, UINT8 -> w.writeInt8(((Number) v).intValue());
            case INT16, UINT16 -> w.writeInt16(((Number) v).intValue());
            case INT32, UINT32 -> w.writeInt32((int) ((Number) v).longValue());
            case INT64, UINT64 -> w.writeInt64(((Number) v).longValue());
            case FLOAT32 -> w.writeFloat32(((Number) v).floatValue());
            case FLOAT64 -> w.writeFloat64(((Number) v).doubleValue());
            case STRING -> w.writeString((CharSequence) v);
            case MESSAGE -> writeFields(w, f.nested(), (Map<String, ?>) v);
        }
    }

    /** Decodes a whole message into a map in field order (unsigned 64-bit values as their long bits). */
    public static Map<String, Object> decode(byte[] data, MessageSchema schema) {
        CdrReader r = new CdrReader(data);
        return readFields(r, schema);
    }

    public static Map<String, Object> readFields(CdrReader r, MessageSchema schema) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (FieldSchema f : schema.fields()) {
            if (f.arrayLength() == FieldSchema.SCALAR) {
                out.put(f.name(), readOne(r, f));
                continue;
            }
            int n = f.arrayLength() == FieldSchema.SEQUENCE ? r.readSequenceLength() : f.arrayLength();
            List<Object> items = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                items.add(readOne(r, f));
            }
            out.put(f.name(), items);
        }
        return out;
    }

    private static Object readOne(CdrReader r, FieldSchema f) {
        return switch (f.type()) {
            case BOOL -> r.readBool();
            case INT8 -> (long) r.readInt8();
            case UINT8 -> (long) r.readUint8();
            case INT16 -> (long) r.readInt16();
            case UINT16 -> (long) r.readUint16();
            case INT32 -> (long) r.readInt32();
            case UINT32 -> r.readUint32();
            case INT64, UINT64 -> r.readInt64();
            case FLOAT32 -> r.readFloat32();
            case FLOAT64 -> r.readFloat64();
            case STRING -> r.readString();
            case MESSAGE -> readFields(r, f.nested());
        };
    }
}
