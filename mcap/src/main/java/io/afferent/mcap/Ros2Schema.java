package io.afferent.mcap;

import java.nio.charset.StandardCharsets;

/** A {@code ros2msg} schema: the type name ({@code sensor_msgs/msg/Imu}) and its delimited definitions. */
public record Ros2Schema(String name, String text) {
    public String encoding() {
        return Ros2Schemas.SCHEMA_ENCODING;
    }

    public byte[] data() {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Registers this schema with {@code writer} and returns its schema id. */
    public int register(McapWriter writer) throws java.io.IOException {
        return writer.addSchema(name, encoding(), data());
    }
}
