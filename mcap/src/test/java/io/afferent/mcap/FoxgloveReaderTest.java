package io.afferent.mcap;

import com.fasterxml.jackson.databind.JsonNode;
import io.afferent.mcap.McapRecord.Channel;
import io.afferent.mcap.McapRecord.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Files we write, read by Foxglove's own TypeScript libraries (the code Foxglove opens files with):
 * every message of every built-in ROS 2 type and of a derived user type decodes, counts agree with what
 * we wrote, and the values equal both what we wrote and what our own reader decodes.
 */
class FoxgloveReaderTest {
    static final MessageSchema WHEEL = MessageSchema.of("afferent_msgs/msg/Wheel",
            FieldSchema.of("speed_mps", FieldSchema.Type.FLOAT32), FieldSchema.of("ok", FieldSchema.Type.BOOL));
    static final MessageSchema USER = MessageSchema.of("afferent_msgs/msg/WheelSpeeds",
            FieldSchema.message("header", MessageSchema.HEADER),
            FieldSchema.messageArray("wheels", WHEEL, 4),
            FieldSchema.messageSequence("spare", WHEEL),
            FieldSchema.of("mode", FieldSchema.Type.INT8),
            FieldSchema.of("ticks", FieldSchema.Type.INT16),
            FieldSchema.of("port", FieldSchema.Type.UINT16),
            FieldSchema.of("delta", FieldSchema.Type.INT32),
            FieldSchema.of("total", FieldSchema.Type.UINT32),
            FieldSchema.of("offset_ns", FieldSchema.Type.INT64),
            FieldSchema.array("counts", FieldSchema.Type.UINT64, 2),
            FieldSchema.sequence("raw", FieldSchema.Type.UINT8),
            FieldSchema.of("note", FieldSchema.Type.STRING),
            FieldSchema.of("valid", FieldSchema.Type.BOOL));

    @TempDir
    Path dir;

    record Topic(String topic, Ros2Schema schema, MessageSchema fields) {
    }

    static List<Topic> topics() {
        List<Topic> t = new ArrayList<>();
        t.add(new Topic("/imu", Ros2Schemas.IMU, Ros2Schemas.messageSchema(Ros2Schemas.IMU.name())));
        t.add(new Topic("/gps", Ros2Schemas.NAV_SAT_FIX, Ros2Schemas.messageSchema(Ros2Schemas.NAV_SAT_FIX.name())));
        t.add(new Topic("/range", Ros2Schemas.RANGE, Ros2Schemas.messageSchema(Ros2Schemas.RANGE.name())));
        t.add(new Topic("/pose", Ros2Schemas.POSE_WITH_COVARIANCE_STAMPED,
                Ros2Schemas.messageSchema(Ros2Schemas.POSE_WITH_COVARIANCE_STAMPED.name())));
        t.add(new Topic("/odom", Ros2Schemas.ODOMETRY, Ros2Schemas.messageSchema(Ros2Schemas.ODOMETRY.name())));
        t.add(new Topic("/cmd_vel", Ros2Schemas.TWIST, Ros2Schemas.messageSchema(Ros2Schemas.TWIST.name())));
        t.add(new Topic("/estop", Ros2Schemas.BOOL, Ros2Schemas.messageSchema(Ros2Schemas.BOOL.name())));
        t.add(new Topic("/wheels", Ros2Schemas.derive(USER), USER));
        return t;
    }

    static Map<String, Object> m(Object... kv) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            out.put((String) kv[i], kv[i + 1]);
        }
        return out;
    }

    static List<Object> doubles(int n, double base) {
        List<Object> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(base + i * 0.25);
        }
        return l;
    }

    static Map<String, Object> header(int i, String frame) {
        return m("stamp", m("sec", 1_700_000_000L + i, "nanosec", (long) (i * 1_000_003) % 1_000_000_000L),
                "frame_id", frame);
    }

    static Map<String, Object> vec(double x, double y, double z) {
        return m("x", x, "y", y, "z", z);
    }

    static Map<String, Object> quat(int i) {
        return m("x", 0.0, "y", 0.0, "z", Math.sin(i * 0.01), "w", Math.cos(i * 0.01));
    }

    static Map<String, Object> pose(int i) {
        return m("pose", m("position", vec(i, -i, 0.5), "orientation", quat(i)), "covariance", doubles(36, i));
    }

    static Map<String, Object> wheel(int i, int k) {
        return m("speed_mps", (float) (i * 0.1 + k), "ok", (i + k) % 3 != 0);
    }

    /** The value of message {@code i} on a topic, as the schema's field map. */
    static Map<String, Object> value(String topic, int i) {
        return switch (topic) {
            case "/imu" -> m("header", header(i, "imu_link"), "orientation", quat(i),
                    "orientation_covariance", doubles(9, 0.01),
                    "angular_velocity", vec(0.1 * i, -0.2, 0.3), "angular_velocity_covariance", doubles(9, 0.02),
                    "linear_acceleration", vec(0.0, 0.0, 9.80665), "linear_acceleration_covariance", doubles(9, 0.03));
            case "/gps" -> m("header", header(i, "gps"), "status", m("status", (long) (i % 4 - 1), "service", 1L),
                    "latitude", 48.8566 + i * 1e-6, "longitude", 2.3522 - i * 1e-6, "altitude", 35.0 + i,
                    "position_covariance", doubles(9, 1.5), "position_covariance_type", 2L);
            case "/range" -> m("header", header(i, "sonar"), "radiation_type", 0L, "field_of_view", 0.5f,
                    "min_range", 0.02f, "max_range", 4.0f, "range", (float) (1 + i * 0.01), "variance", 0.001f);
            case "/pose" -> m("header", header(i, "map"), "pose", pose(i));
            case "/odom" -> m("header", header(i, "odom"), "child_frame_id", "base_link", "pose", pose(i),
                    "twist", m("twist", m("linear", vec(1, 0, 0), "angular", vec(0, 0, 0.1 * i)),
                            "covariance", doubles(36, -i)));
            case "/cmd_vel" -> m("linear", vec(0.5, 0, 0), "angular", vec(0, 0, -0.25 * i));
            case "/estop" -> m("data", i % 2 == 0);
            case "/wheels" -> {
                List<Object> wheels = new ArrayList<>();
                for (int k = 0; k < 4; k++) {
                    wheels.add(wheel(i, k));
                }
                List<Object> spare = new ArrayList<>();
                for (int k = 0; k < i % 3; k++) {
                    spare.add(wheel(i, 10 + k));
                }
                List<Object> raw = new ArrayList<>();
                for (int k = 0; k < i % 5; k++) {
                    raw.add((long) ((i * 31 + k) & 0xFF));
                }
                yield m("header", header(i, "wheels"), "wheels", wheels, "spare", spare, "mode", (long) -(i % 100),
                        "ticks", (long) (-30000 + i), "port", 65000L, "delta", -2_000_000_000L + i,
                        "total", 4_000_000_000L + i, "offset_ns", -9_000_000_000_000_000L + i,
                        "counts", List.of(Long.MAX_VALUE - i, (long) i), "raw", raw,
                        "note", "rpm ✓ " + i, "valid", i % 7 != 0);
            }
            default -> throw new AssertionError(topic);
        };
    }

    /** Imu written field by field with CdrWriter, as the recorder's hot path does (no maps). */
    static void writeImuDirect(CdrWriter w, int i) {
        Map<String, Object> h = header(i, "imu_link");
        @SuppressWarnings("unchecked")
        Map<String, Object> stamp = (Map<String, Object>) h.get("stamp");
        w.reset();
        w.writeInt32((int) (long) stamp.get("sec")).writeUint32((long) stamp.get("nanosec")).writeString("imu_link");
        w.writeFloat64(0).writeFloat64(0).writeFloat64(Math.sin(i * 0.01)).writeFloat64(Math.cos(i * 0.01));
        for (int k = 0; k < 9; k++) {
            w.writeFloat64(0.01 + k * 0.25);
        }
        w.writeFloat64(0.1 * i).writeFloat64(-0.2).writeFloat64(0.3);
        double[] cov = new double[9];
        for (int k = 0; k < 9; k++) {
            cov[k] = 0.02 + k * 0.25;
        }
        w.writeFloat64Array(cov);
        w.writeFloat64(0.0).writeFloat64(0.0).writeFloat64(9.80665);
        for (int k = 0; k < 9; k++) {
            cov[k] = 0.03 + k * 0.25;
        }
        w.writeFloat64Array(cov);
    }

    static final int PER_TOPIC = 40;

    static void writeAll(Path f, Compression compression) throws Exception {
        McapWriterOptions o = McapWriterOptions.builder().compression(compression).profile(Ros2Schemas.PROFILE)
                .chunkSizeBytes(16 * 1024).build();
        try (McapWriter w = McapWriter.open(f, o)) {
            List<Topic> topics = topics();
            int[] channels = new int[topics.size()];
            for (int t = 0; t < topics.size(); t++) {
                int schema = topics.get(t).schema().register(w);
                channels[t] = w.addChannel(schema, topics.get(t).topic(), Ros2Schemas.MESSAGE_ENCODING,
                        Map.of("offered_qos_profiles", ""));
            }
            CdrWriter cdr = new CdrWriter();
            for (int i = 0; i < PER_TOPIC; i++) {
                for (int t = 0; t < topics.size(); t++) {
                    Topic topic = topics.get(t);
                    if (topic.topic().equals("/imu")) {
                        writeImuDirect(cdr, i);
                    } else {
                        Ros2Cdr.encode(cdr, topic.fields(), value(topic.topic(), i));
                    }
                    long logTime = 1_700_000_000_000_000_000L + i * 10_000_000L + t;
                    w.writeMessage(channels[t], i, logTime, logTime - 1000, cdr.buffer());
                }
            }
            w.addMetadata("afferent", Map.of("profile", "sim-laptop"));
            w.addAttachment(0, 0, "summary.json", "application/json", "{\"ok\":true}".getBytes());
        }
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void foxgloveDecodesEveryMessageWithTheValuesWeWrote(Compression compression) throws Exception {
        Path f = dir.resolve("all-" + compression + ".mcap");
        writeAll(f, compression);
        JsonNode out = FoxgloveTools.decode("indexed", f);
        assertEquals(List.of(), errors(out), "Foxglove decoding errors");
        List<Topic> topics = topics();
        assertEquals(topics.size() * PER_TOPIC, out.get("messageCount").asInt());
        assertEquals(String.valueOf(topics.size() * PER_TOPIC), out.get("statistics").get("messageCount").asText());
        assertEquals("ros2", out.get("profile").asText());
        assertEquals(compression.mcapName(), out.get("compression").get(0).asText());
        assertTrue(out.get("chunkCount").asInt() > 1);
        for (Topic t : topics) {
            assertEquals(PER_TOPIC, out.get("countsByTopic").get(t.topic()).asInt(), t.topic());
        }
        JsonNode channels = out.get("channels");
        for (JsonNode c : channels) {
            assertEquals("cdr", c.get("messageEncoding").asText());
        }
        assertEquals("afferent", out.get("metadata").get(0).get("name").asText());
        assertEquals("summary.json", out.get("attachments").get(0).get("name").asText());

        // Our reader: same messages (order, times, sequence), and the same decoded values.
        McapContents ours = McapReader.readAll(f);
        Map<Integer, MessageSchema> fieldsByChannel = new LinkedHashMap<>();
        for (Channel c : ours.channels().values()) {
            fieldsByChannel.put(c.id(), topics.stream().filter(t -> t.topic().equals(c.topic())).findFirst()
                    .orElseThrow().fields());
        }
        Iterator<JsonNode> theirs = out.get("messages").iterator();
        for (Message m : ours.messages()) {
            JsonNode j = theirs.next();
            String topic = ours.channels().get(m.channelId()).topic();
            assertEquals(topic, j.get("topic").asText());
            assertEquals(m.sequence(), j.get("sequence").asLong());
            assertEquals(Long.toString(m.logTime()), j.get("logTime").asText());
            assertEquals(Long.toString(m.publishTime()), j.get("publishTime").asText());
            Map<String, Object> expected = value(topic, (int) m.sequence());
            String where = topic + " #" + m.sequence();
            same(expected, j.get("value"), where);
            assertEquals(normalize(expected), normalize(Ros2Cdr.decode(m.data(), fieldsByChannel.get(m.channelId()))),
                    where + " (our reader)");
        }
        assertFalse(theirs.hasNext());
    }

    @Test
    void foxgloveStreamReaderReadsATruncatedFileLikeOurs() throws Exception {
        Path f = dir.resolve("all.mcap");
        writeAll(f, Compression.LZ4);
        byte[] bytes = Files.readAllBytes(f);
        for (int cut : new int[]{bytes.length / 3, bytes.length / 2 + 17, bytes.length - 100}) {
            Path c = dir.resolve("cut-" + cut + ".mcap");
            Files.write(c, Arrays.copyOf(bytes, cut));
            McapContents ours = McapReader.readAll(c);
            assertTrue(ours.truncated());
            JsonNode out = FoxgloveTools.decode("stream", c);
            assertEquals(List.of(), errors(out));
            assertFalse(out.get("done").asBoolean(), "Foxglove's stream reader knows the file is incomplete");
            assertEquals(ours.messages().size(), out.get("messageCount").asInt(), "cut at " + cut);
            assertTrue(ours.messages().size() > 0);
            Iterator<JsonNode> theirs = out.get("messages").iterator();
            for (Message m : ours.messages()) {
                JsonNode j = theirs.next();
                String topic = ours.channels().get(m.channelId()).topic();
                assertEquals(topic, j.get("topic").asText());
                assertEquals(m.sequence(), j.get("sequence").asLong());
                same(value(topic, (int) m.sequence()), j.get("value"), topic + " #" + m.sequence());
            }
            // Repaired, the file is complete for Foxglove's indexed reader with the same messages.
            Path repaired = dir.resolve("repaired-" + cut + ".mcap");
            McapRepair.repair(c, repaired);
            JsonNode fixed = FoxgloveTools.decode("indexed", repaired);
            assertEquals(List.of(), errors(fixed));
            assertEquals(ours.messages().size(), fixed.get("messageCount").asInt());
            assertEquals(String.valueOf(ours.messages().size()), fixed.get("statistics").get("messageCount").asText());
        }
        JsonNode whole = FoxgloveTools.decode("stream", f);
        assertTrue(whole.get("done").asBoolean());
        assertEquals(topics().size() * PER_TOPIC, whole.get("messageCount").asInt());
    }

    private static List<String> errors(JsonNode out) {
        List<String> e = new ArrayList<>();
        out.get("errors").forEach(x -> e.add(x.asText()));
        return e;
    }

    /** Longs stay longs, floats become doubles, so Java decoded values compare with expected ones. */
    private static Object normalize(Object v) {
        if (v instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, x) -> out.put((String) k, normalize(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            return l.stream().map(FoxgloveReaderTest::normalize).toList();
        }
        if (v instanceof Float x) {
            return (double) x;
        }
        if (v instanceof Integer x) {
            return (long) x;
        }
        return v;
    }

    /** Compares an expected value with Foxglove's decoded JSON. */
    private static void same(Object expected, JsonNode actual, String where) {
        if (actual == null) {
            fail(where + ": missing");
        }
        switch (expected) {
            case Map<?, ?> map -> {
                assertTrue(actual.isObject(), where + ": object expected, got " + actual);
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    String key = (String) e.getKey();
                    same(e.getValue(), actual.get(key), where + "." + key);
                }
                assertEquals(map.size(), actual.size(), where + ": fields " + actual.properties());
            }
            case List<?> list -> {
                assertTrue(actual.isArray(), where + ": array expected, got " + actual);
                assertEquals(list.size(), actual.size(), where + ": length");
                for (int i = 0; i < list.size(); i++) {
                    same(list.get(i), actual.get(i), where + "[" + i + "]");
                }
            }
            case Boolean b -> assertEquals(b, actual.asBoolean(), where);
            case String s -> assertEquals(s, actual.asText(), where);
            case Float x -> assertTrue((double) x == actual.doubleValue(), where + ": expected " + x + ", got " + actual);
            // == rather than equals: JSON (JSON.stringify) writes -0 as 0.
            case Double x -> assertTrue(x == actual.doubleValue(), where + ": expected " + x + ", got " + actual);
            case Long x -> assertEquals(Long.toString(x), actual.asText(), where);
            default -> fail(where + ": unexpected value type " + expected.getClass());
        }
    }
}
