package io.afferent.mcap;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code ros2msg} schemas for the built-in message types, with the field lists of the ROS 2 (Jazzy)
 * common_interfaces definitions (constants and defaults kept, comments left out), and
 * {@link #derive(MessageSchema)} for any type described by {@link FieldSchema}s.
 *
 * <p>A schema's text is the top-level definition followed by every type it uses, each after a line of
 * 80 {@code =} and a line {@code MSG: package/Name} (e.g. {@code MSG: std_msgs/Header}), as ROS tools,
 * rosbag2 and Foxglove expect. Files using them set the header profile {@link #PROFILE} and channels the
 * message encoding {@link #MESSAGE_ENCODING}; payloads are CDR written with {@link CdrWriter}.
 */
public final class Ros2Schemas {
    public static final String SCHEMA_ENCODING = "ros2msg";
    public static final String MESSAGE_ENCODING = "cdr";
    public static final String PROFILE = "ros2";
    static final String DELIMITER = "=".repeat(80);

    private static final Map<String, String> DEFINITIONS = new LinkedHashMap<>();

    static {
        define("builtin_interfaces/msg/Time", """
                int32 sec
                uint32 nanosec
                """);
        define("std_msgs/msg/Header", """
                builtin_interfaces/Time stamp
                string frame_id
                """);
        define("std_msgs/msg/Bool", """
                bool data
                """);
        define("geometry_msgs/msg/Vector3", """
                float64 x
                float64 y
                float64 z
                """);
        define("geometry_msgs/msg/Point", """
                float64 x
                float64 y
                float64 z
                """);
        define("geometry_msgs/msg/Quaternion", """
                float64 x 0
                float64 y 0
                float64 z 0
                float64 w 1
                """);
        define("geometry_msgs/msg/Pose", """
                Point position
                Quaternion orientation
                """);
        define("geometry_msgs/msg/PoseWithCovariance", """
                Pose pose
                float64[36] covariance
                """);
        define("geometry_msgs/msg/PoseWithCovarianceStamped", """
                std_msgs/Header header
                PoseWithCovariance pose
                """);
        define("geometry_msgs/msg/Twist", """
                Vector3  linear
                Vector3  angular
                """);
        define("geometry_msgs/msg/TwistWithCovariance", """
                Twist twist
                float64[36] covariance
                """);
        define("nav_msgs/msg/Odometry", """
                std_msgs/Header header
                string child_frame_id
                geometry_msgs/PoseWithCovariance pose
                geometry_msgs/TwistWithCovariance twist
                """);
        define("sensor_msgs/msg/Imu", """
                std_msgs/Header header
                geometry_msgs/Quaternion orientation
                float64[9] orientation_covariance
                geometry_msgs/Vector3 angular_velocity
                float64[9] angular_velocity_covariance
                geometry_msgs/Vector3 linear_acceleration
                float64[9] linear_acceleration_covariance
                """);
        define("sensor_msgs/msg/NavSatStatus", """
                int8 STATUS_UNKNOWN = -2
                int8 STATUS_NO_FIX =  -1
                int8 STATUS_FIX =      0
                int8 STATUS_SBAS_FIX = 1
                int8 STATUS_GBAS_FIX = 2
                int8 status -2
                uint16 SERVICE_UNKNOWN = 0
                uint16 SERVICE_GPS =     1
                uint16 SERVICE_GLONASS = 2
                uint16 SERVICE_COMPASS = 4
                uint16 SERVICE_GALILEO = 8
                uint16 service
                """);
        define("sensor_msgs/msg/NavSatFix", """
                std_msgs/Header header
                NavSatStatus status
                float64 latitude
                float64 longitude
                float64 altitude
                float64[9] position_covariance
                uint8 COVARIANCE_TYPE_UNKNOWN = 0
                uint8 COVARIANCE_TYPE_APPROXIMATED = 1
                uint8 COVARIANCE_TYPE_DIAGONAL_KNOWN = 2
                uint8 COVARIANCE_TYPE_KNOWN = 3
                uint8 position_covariance_type
                """);
        define("sensor_msgs/msg/Range", """
                std_msgs/Header header
                uint8 ULTRASOUND=0
                uint8 INFRARED=1
                uint8 radiation_type
                float32 field_of_view
                float32 min_range
                float32 max_range
                float32 range
                float32 variance
                """);
        define("sensor_msgs/msg/JointState", """
                std_msgs/Header header
                string[] name
                float64[] position
                float64[] velocity
                float64[] effort
                """);
    }

    public static final Ros2Schema IMU = builtIn("sensor_msgs/msg/Imu");
    public static final Ros2Schema NAV_SAT_FIX = builtIn("sensor_msgs/msg/NavSatFix");
    public static final Ros2Schema RANGE = builtIn("sensor_msgs/msg/Range");
    public static final Ros2Schema POSE_WITH_COVARIANCE_STAMPED = builtIn("geometry_msgs/msg/PoseWithCovarianceStamped");
    public static final Ros2Schema ODOMETRY = builtIn("nav_msgs/msg/Odometry");
    public static final Ros2Schema TWIST = builtIn("geometry_msgs/msg/Twist");
    public static final Ros2Schema BOOL = builtIn("std_msgs/msg/Bool");
    public static final Ros2Schema JOINT_STATE = builtIn("sensor_msgs/msg/JointState");

    private Ros2Schemas() {
    }

    private static void define(String name, String body) {
        DEFINITIONS.put(name, body);
    }

    /** The built-in schemas this class provides. */
    public static List<Ros2Schema> builtIns() {
        return List.of(IMU, NAV_SAT_FIX, RANGE, POSE_WITH_COVARIANCE_STAMPED, ODOMETRY, TWIST, BOOL);
    }

    /** The schema of a built-in type ({@code sensor_msgs/msg/Imu}, ...); the message lists what exists. */
    public static Ros2Schema builtIn(String name) {
        if (!DEFINITIONS.containsKey(name)) {
            throw new IllegalArgumentException("no built-in ros2msg definition for '" + name + "': known are "
                    + DEFINITIONS.keySet());
        }
        Map<String, String> deps = new LinkedHashMap<>();
        collectBuiltInDependencies(name, deps);
        return compose(name, DEFINITIONS.get(name), deps);
    }

    private static void collectBuiltInDependencies(String name, Map<String, String> deps) {
        String pkg = name.substring(0, name.indexOf('/'));
        for (String line : DEFINITIONS.get(name).split("\n")) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            String type = t.split("\\s+")[0];
            int bracket = type.indexOf('[');
            if (bracket >= 0) {
                type = type.substring(0, bracket);
            }
            if (isPrimitive(type)) {
                continue;
            }
            String full = type.contains("/") ? type.replace("/", "/msg/") : pkg + "/msg/" + type;
            if (!DEFINITIONS.containsKey(full)) {
                throw new IllegalStateException(name + " uses " + full + ", which has no definition");
            }
            if (!deps.containsKey(full)) {
                deps.put(full, DEFINITIONS.get(full));
                collectBuiltInDependencies(full, deps);
            }
        }
    }

    /**
     * The fields of a built-in type (constants left out) as a {@link MessageSchema}, parsed from the same
     * definitions as the schema text, for generic encoding and decoding with {@link Ros2Cdr}.
     */
    public static MessageSchema messageSchema(String name) {
        String body = DEFINITIONS.get(name);
        if (body == null) {
            throw new IllegalArgumentException("no built-in ros2msg definition for '" + name + "': known are "
                    + DEFINITIONS.keySet());
        }
        String pkg = name.substring(0, name.indexOf('/'));
        List<FieldSchema> fields = new ArrayList<>();
        for (String line : body.split("\n")) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            String[] parts = t.split("\\s+");
            String type = parts[0];
            String field = parts[1];
            if (field.contains("=") || parts.length > 2 && parts[2].startsWith("=")) {
                continue;   // a constant
            }
            int arrayLength = FieldSchema.SCALAR;
            int bracket = type.indexOf('[');
            if (bracket >= 0) {
                String n = type.substring(bracket + 1, type.length() - 1);
                arrayLength = n.isEmpty() ? FieldSchema.SEQUENCE : Integer.parseInt(n);
                type = type.substring(0, bracket);
            }
            if (isPrimitive(type)) {
                fields.add(new FieldSchema(field, FieldSchema.Type.parse(type), null, arrayLength));
            } else {
                String full = type.contains("/") ? type.replace("/", "/msg/") : pkg + "/msg/" + type;
                fields.add(new FieldSchema(field, FieldSchema.Type.MESSAGE, messageSchema(full), arrayLength));
            }
        }
        return new MessageSchema(name, fields);
    }

    private static boolean isPrimitive(String type) {
        return switch (type) {
            case "bool", "byte", "char", "int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64",
                 "float32", "float64", "string", "wstring" -> true;
            default -> type.startsWith("string<=") || type.startsWith("wstring<=");
        };
    }

    private static Ros2Schema compose(String name, String body, Map<String, String> deps) {
        StringBuilder sb = new StringBuilder(body);
        for (Map.Entry<String, String> d : deps.entrySet()) {
            String ref = d.getKey().replace("/msg/", "/");
            sb.append(DELIMITER).append('\n').append("MSG: ").append(ref).append('\n').append(d.getValue());
        }
        return new Ros2Schema(name, sb.toString());
    }

    /**
     * The {@code ros2msg} schema of a type described by fields: one line per field, then every nested
     * type once. Two different nested types with one name are refused.
     */
    public static Ros2Schema derive(MessageSchema type) {
        Map<String, MessageSchema> nested = new LinkedHashMap<>();
        collect(type, nested, new java.util.HashSet<>(Set.of(type.name())));
        Map<String, String> deps = new LinkedHashMap<>();
        for (MessageSchema m : nested.values()) {
            deps.put(m.name(), body(m));
        }
        return compose(type.name(), body(type), deps);
    }

    private static void collect(MessageSchema type, Map<String, MessageSchema> out, Set<String> path) {
        for (FieldSchema f : type.fields()) {
            if (f.nested() == null) {
                continue;
            }
            MessageSchema n = f.nested();
            if (path.contains(n.name())) {
                throw new IllegalArgumentException(type.name() + "." + f.name() + ": type " + n.name()
                        + " contains itself (ROS messages cannot be recursive)");
            }
            MessageSchema seen = out.get(n.name());
            if (seen != null) {
                if (!seen.equals(n)) {
                    throw new IllegalArgumentException("two different definitions of " + n.name() + " in " + type.name());
                }
                continue;
            }
            out.put(n.name(), n);
            path.add(n.name());
            collect(n, out, path);
            path.remove(n.name());
        }
    }

    private static String body(MessageSchema m) {
        List<String> lines = new ArrayList<>();
        for (FieldSchema f : m.fields()) {
            lines.add(f.msgLine());
        }
        return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
    }
}
