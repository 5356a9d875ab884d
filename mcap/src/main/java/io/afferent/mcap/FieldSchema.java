package io.afferent.mcap;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One field of a message type, for deriving a {@code ros2msg} schema with {@link Ros2Schemas#derive}: a
 * name, a primitive type or a nested {@link MessageSchema}, and whether it is a scalar, a fixed array
 * ({@code arrayLength > 0}) or a variable-length sequence ({@link #SEQUENCE}).
 */
public record FieldSchema(String name, Type type, MessageSchema nested, int arrayLength) {
    public static final int SCALAR = 0;
    public static final int SEQUENCE = -1;
    private static final Pattern ROS_FIELD = Pattern.compile("[a-z][a-z0-9_]*");

    /** The primitive types of ROS 2 .msg files this model supports, plus {@link #MESSAGE} for a nested type. */
    public enum Type {
        BOOL("bool"), INT8("int8"), UINT8("uint8"), INT16("int16"), UINT16("uint16"), INT32("int32"),
        UINT32("uint32"), INT64("int64"), UINT64("uint64"), FLOAT32("float32"), FLOAT64("float64"),
        STRING("string"), MESSAGE(null);

        private final String rosName;

        Type(String rosName) {
            this.rosName = rosName;
        }

        /** The .msg spelling ({@code float64}); null for MESSAGE. */
        public String rosName() {
            return rosName;
        }

        /** Parses a .msg primitive name; the message lists what is allowed. */
        public static Type parse(String s) {
            for (Type t : values()) {
                if (t.rosName != null && t.rosName.equals(s)) {
                    return t;
                }
            }
            throw new IllegalArgumentException("unknown field type '" + s + "': allowed are bool, int8, uint8, "
                    + "int16, uint16, int32, uint32, int64, uint64, float32, float64, string, or a nested message");
        }
    }

    public FieldSchema {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (!ROS_FIELD.matcher(name).matches() || name.contains("__") || name.endsWith("_")) {
            throw new IllegalArgumentException("field name '" + name + "' is not a ROS 2 field name (lower-case "
                    + "letters, digits and single underscores, starting with a letter); "
                    + "FieldSchema.rosName(\"" + name + "\") gives '" + rosName(name) + "'");
        }
        if ((type == Type.MESSAGE) != (nested != null)) {
            throw new IllegalArgumentException("field '" + name + "': a nested MessageSchema is given exactly "
                    + "when the type is MESSAGE");
        }
        if (arrayLength < SEQUENCE) {
            throw new IllegalArgumentException("field '" + name + "': arrayLength " + arrayLength
                    + " (0 scalar, N > 0 fixed array, -1 sequence)");
        }
    }

    public static FieldSchema of(String name, Type type) {
        return new FieldSchema(name, type, null, SCALAR);
    }

    public static FieldSchema array(String name, Type type, int length) {
        if (length < 1) {
            throw new IllegalArgumentException("field '" + name + "': a fixed array needs a length of at least 1");
        }
        return new FieldSchema(name, type, null, length);
    }

    public static FieldSchema sequence(String name, Type type) {
        return new FieldSchema(name, type, null, SEQUENCE);
    }

    public static FieldSchema message(String name, MessageSchema nested) {
        return new FieldSchema(name, Type.MESSAGE, nested, SCALAR);
    }

    public static FieldSchema messageArray(String name, MessageSchema nested, int length) {
        return new FieldSchema(name, Type.MESSAGE, nested, length);
    }

    public static FieldSchema messageSequence(String name, MessageSchema nested) {
        return new FieldSchema(name, Type.MESSAGE, nested, SEQUENCE);
    }

    /** {@code latitudeDeg} → {@code latitude_deg}: a Java-style name as a ROS 2 field name. */
    public static String rosName(String javaName) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < javaName.length(); i++) {
            char c = javaName.charAt(i);
            if (Character.isUpperCase(c)) {
                if (sb.length() > 0 && sb.charAt(sb.length() - 1) != '_') {
                    sb.append('_');
                }
                sb.append(Character.toLowerCase(c));
            } else if (Character.isLetterOrDigit(c) && c < 0x80) {
                sb.append(c);
            } else if (sb.length() > 0 && sb.charAt(sb.length() - 1) != '_') {
                sb.append('_');
            }
        }
        while (sb.length() > 0 && sb.charAt(sb.length() - 1) == '_') {
            sb.setLength(sb.length() - 1);
        }
        String s = sb.toString().toLowerCase(Locale.ROOT);
        if (s.isEmpty() || !Character.isLetter(s.charAt(0))) {
            s = "f_" + s;
        }
        return s;
    }

    /** The field's .msg line, e.g. {@code float64[9] covariance} or {@code geometry_msgs/Vector3 linear}. */
    String msgLine() {
        String t = type == Type.MESSAGE ? nested.msgTypeReference() : type.rosName();
        String suffix = arrayLength == SCALAR ? "" : arrayLength == SEQUENCE ? "[]" : "[" + arrayLength + "]";
        return t + suffix + " " + name;
    }
}
