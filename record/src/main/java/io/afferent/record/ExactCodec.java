package io.afferent.record;

import io.afferent.api.FieldInfo;
import io.afferent.api.FieldKind;
import io.afferent.api.MessageType;
import io.afferent.mcap.CdrReader;
import io.afferent.mcap.CdrWriter;
import io.afferent.mcap.FieldSchema;
import io.afferent.mcap.MessageSchema;

import java.util.ArrayList;
import java.util.List;

/**
 * Any message type, bit for bit, as a ROS 2 CDR message {@code afferent_msgs/msg/<Name>} derived from
 * {@link MessageType#fields()}: the envelope ({@code envelope_sequence, envelope_origin_nanos, envelope_published_nanos, envelope_chain}) then one field
 * per leaf field in declaration order, dotted paths joined with '_' ({@code pose.x} → {@code pose_x}), fixed arrays as
 * fixed arrays. Doubles and floats are written as their IEEE bits, so decoding gives back the same bits.
 *
 * <p>Immutable; encoding and decoding go through the caller's (single-thread) {@link CdrWriter}/{@link CdrReader}.
 */
public final class ExactCodec<M> {
    public static final String PACKAGE = "afferent_msgs";
    private final MessageType<M> type;
    private final FieldInfo[] fields;
    private final MessageSchema schema;

    public ExactCodec(MessageType<M> type) {
        this.type = type;
        this.fields = type.fields().toArray(new FieldInfo[0]);
        List<FieldSchema> out = new ArrayList<>();
        out.add(FieldSchema.of("envelope_sequence", FieldSchema.Type.INT64));
        out.add(FieldSchema.of("envelope_origin_nanos", FieldSchema.Type.INT64));
        out.add(FieldSchema.of("envelope_published_nanos", FieldSchema.Type.INT64));
        out.add(FieldSchema.of("envelope_chain", FieldSchema.Type.INT32));
        for (FieldInfo f : fields) {
            String name = rosFieldName(f.path());
            FieldSchema.Type t = rosType(f.kind());
            out.add(f.isArray() ? FieldSchema.array(name, t, f.arrayLength()) : FieldSchema.of(name, t));
        }
        this.schema = new MessageSchema(PACKAGE + "/msg/" + rosTypeName(type.name()), out);
    }

    public MessageType<M> type() {
        return type;
    }

    public MessageSchema schema() {
        return schema;
    }

    /** {@code gps-fix} → {@code GpsFix}; {@code my_robot/battery} → {@code MyRobotBattery}. */
    public static String rosTypeName(String typeName) {
        StringBuilder sb = new StringBuilder();
        boolean up = true;
        for (char c : typeName.toCharArray()) {
            if (c == '-' || c == '_' || c == '/') {
                up = true;
            } else {
                sb.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return sb.toString();
    }

    /** A leaf field's path as a ROS 2 field name: {@code part.valueX} → {@code part_value_x}. */
    public static String rosFieldName(String path) {
        StringBuilder sb = new StringBuilder();
        for (String p : path.split("\\.")) {
            if (sb.length() > 0) {
                sb.append('_');
            }
            sb.append(FieldSchema.rosName(p));
        }
        return sb.toString();
    }

    static FieldSchema.Type rosType(FieldKind k) {
        return switch (k) {
            case BOOLEAN -> FieldSchema.Type.BOOL;
            case BYTE -> FieldSchema.Type.INT8;
            case SHORT -> FieldSchema.Type.INT16;
            case INT -> FieldSchema.Type.INT32;
            case LONG -> FieldSchema.Type.INT64;
            case FLOAT -> FieldSchema.Type.FLOAT32;
            case DOUBLE -> FieldSchema.Type.FLOAT64;
        };
    }

    /** Writes the envelope and every field of {@code m} into {@code cdr} (after its reset). No allocation. */
    public void encode(CdrWriter cdr, long sequence, long originNanos, long publishedNanos, int chain, M m) {
        cdr.reset();
        cdr.writeInt64(sequence).writeInt64(originNanos).writeInt64(publishedNanos).writeInt32(chain);
        for (FieldInfo f : fields) {
            FieldKind k = f.kind();
            boolean real = k == FieldKind.DOUBLE || k == FieldKind.FLOAT;
            if (f.isArray()) {
                for (int i = 0; i < f.arrayLength(); i++) {
                    if (real) {
                        writeReal(cdr, k, f.getDouble(m, i));
                    } else {
                        writeIntegral(cdr, k, f.getLong(m, i));
                    }
                }
            } else if (real) {
                writeReal(cdr, k, f.getDouble(m));
            } else {
                writeIntegral(cdr, k, f.getLong(m));
            }
        }
    }

    /** The envelope of a decoded message. */
    public record Envelope(long sequence, long originNanos, long publishedNanos, int chain) {
    }

    /**
     * The envelope's sequence of a payload written by {@link #encode}, without decoding the rest: the int64 right
     * after the 4-byte CDR little-endian header (aligned there). No allocation.
     */
    public static long sequenceOf(byte[] payload) {
        if (payload.length < 12 || payload[0] != 0 || payload[1] != 1) {
            return new CdrReader(payload).readInt64(); // throws, saying what is wrong
        }
        long v = 0;
        for (int i = 11; i >= 4; i--) {
            v = (v << 8) | (payload[i] & 0xFF);
        }
        return v;
    }

    /** Decodes a payload written by {@link #encode} into {@code m}; returns its envelope. */
    public Envelope decode(byte[] payload, M m) {
        CdrReader r = new CdrReader(payload);
        Envelope e = new Envelope(r.readInt64(), r.readInt64(), r.readInt64(), r.readInt32());
        for (FieldInfo f : fields) {
            int n = f.isArray() ? f.arrayLength() : 1;
            for (int i = 0; i < n; i++) {
                switch (f.kind()) {
                    case BOOLEAN -> set(f, m, i, r.readBool() ? 1 : 0);
                    case BYTE -> set(f, m, i, r.readInt8());
                    case SHORT -> set(f, m, i, r.readInt16());
                    case INT -> set(f, m, i, r.readInt32());
                    case LONG -> set(f, m, i, r.readInt64());
                    case FLOAT -> setReal(f, m, i, r.readFloat32());
                    case DOUBLE -> setReal(f, m, i, r.readFloat64());
                }
            }
        }
        return e;
    }

    private static void set(FieldInfo f, Object m, int i, long v) {
        if (f.isArray()) {
            f.setLong(m, i, v);
        } else {
            f.setLong(m, v);
        }
    }

    private static void setReal(FieldInfo f, Object m, int i, double v) {
        if (f.isArray()) {
            f.setDouble(m, i, v);
        } else {
            f.setDouble(m, v);
        }
    }

    /** The first field whose bits differ between {@code a} and {@code b}, as "path: A vs B", or null. */
    public String firstDifference(M a, M b) {
        for (FieldInfo f : fields) {
            int n = f.isArray() ? f.arrayLength() : 1;
            for (int i = 0; i < n; i++) {
                boolean real = f.kind() == FieldKind.DOUBLE || f.kind() == FieldKind.FLOAT;
                double da = f.isArray() ? f.getDouble(a, i) : f.getDouble(a);
                double db = f.isArray() ? f.getDouble(b, i) : f.getDouble(b);
                long la = f.isArray() ? f.getLong(a, i) : f.getLong(a);
                long lb = f.isArray() ? f.getLong(b, i) : f.getLong(b);
                boolean differ = real ? Double.doubleToRawLongBits(da) != Double.doubleToRawLongBits(db) : la != lb;
                if (differ) {
                    String path = f.path() + (f.isArray() ? "[" + i + "]" : "");
                    return real ? path + ": " + da + " vs " + db : path + ": " + la + " vs " + lb;
                }
            }
        }
        return null;
    }

    /** One integral field (each field is read once, with the getter of its kind: this runs per recorded message). */
    private static void writeIntegral(CdrWriter cdr, FieldKind k, long v) {
        switch (k) {
            case BOOLEAN -> cdr.writeBool(v != 0);
            case BYTE -> cdr.writeInt8((int) v);
            case SHORT -> cdr.writeInt16((int) v);
            case INT -> cdr.writeInt32((int) v);
            default -> cdr.writeInt64(v);
        }
    }

    private static void writeReal(CdrWriter cdr, FieldKind k, double v) {
        if (k == FieldKind.FLOAT) {
            cdr.writeFloat32((float) v);
        } else {
            cdr.writeFloat64(v);
        }
    }
}
