package io.afferent.record;

import io.afferent.api.FieldInfo;
import io.afferent.api.FieldKind;
import io.afferent.api.MessageType;
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
            if (f.isArray()) {
                for (int i = 0; i < f.arrayLength(); i++) {
                    writeOne(cdr, f.kind(), f.kind() == FieldKind.DOUBLE || f.kind() == FieldKind.FLOAT
                            ? Double.doubleToRawLongBits(f.getDouble(m, i)) : f.getLong(m, i), f.getDouble(m, i));
                }
            } else {
                writeOne(cdr, f.kind(), f.getLong(m), f.getDouble(m));
            }
        }
    }

    private static void writeOne(CdrWriter cdr, FieldKind k, long integral, double real) {
        switch (k) {
            case BOOLEAN -> cdr.writeBool(integral != 0);
            case BYTE -> cdr.writeInt8((int) integral);
            case SHORT -> cdr.writeInt16((int) integral);
            case INT -> cdr.writeInt32((int) integral);
            case LONG -> cdr.writeInt64(integral);
            case FLOAT -> cdr.writeFloat32((float) real);
            case DOUBLE -> cdr.writeFloat64(real);
        }
    }
}
