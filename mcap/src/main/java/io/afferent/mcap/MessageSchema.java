package io.afferent.mcap;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A message type as a list of {@link FieldSchema}s, named like ROS 2 types: {@code package/msg/Name}.
 * {@link Ros2Schemas#derive} turns it into a {@code ros2msg} schema with its nested types.
 */
public record MessageSchema(String name, List<FieldSchema> fields) {
    private static final Pattern ROS_TYPE = Pattern.compile("[a-z][a-z0-9_]*/msg/[A-Z][A-Za-z0-9]*");

    /** {@code builtin_interfaces/msg/Time}: int32 sec, uint32 nanosec. */
    public static final MessageSchema TIME = new MessageSchema("builtin_interfaces/msg/Time", List.of(
            FieldSchema.of("sec", FieldSchema.Type.INT32), FieldSchema.of("nanosec", FieldSchema.Type.UINT32)));
    /** {@code std_msgs/msg/Header}: stamp, frame_id. */
    public static final MessageSchema HEADER = new MessageSchema("std_msgs/msg/Header", List.of(
            FieldSchema.message("stamp", TIME), FieldSchema.of("frame_id", FieldSchema.Type.STRING)));

    public MessageSchema {
        Objects.requireNonNull(name, "name");
        if (!ROS_TYPE.matcher(name).matches()) {
            throw new IllegalArgumentException("message type name '" + name + "' is not a ROS 2 type name: "
                    + "package/msg/Name, e.g. afferent_msgs/msg/WheelSpeeds (package lower-case, Name CamelCase)");
        }
        fields = List.copyOf(fields);
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (FieldSchema f : fields) {
            if (!seen.add(f.name())) {
                throw new IllegalArgumentException(name + ": field '" + f.name() + "' appears twice");
            }
        }
    }

    public static MessageSchema of(String name, FieldSchema... fields) {
        return new MessageSchema(name, List.of(fields));
    }

    public String packageName() {
        return name.substring(0, name.indexOf('/'));
    }

    /** How a .msg field refers to this type: {@code package/Name}. */
    String msgTypeReference() {
        return packageName() + "/" + name.substring(name.lastIndexOf('/') + 1);
    }
}
