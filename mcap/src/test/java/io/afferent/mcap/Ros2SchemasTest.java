package io.afferent.mcap;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Ros2SchemasTest {
    private static final String LINE = "=".repeat(80);

    @Test
    void imuListsItsDependenciesAsRosToolsExpect() {
        String t = Ros2Schemas.IMU.text();
        assertEquals("sensor_msgs/msg/Imu", Ros2Schemas.IMU.name());
        assertTrue(t.startsWith("std_msgs/Header header\ngeometry_msgs/Quaternion orientation\n"
                + "float64[9] orientation_covariance\n"), t);
        assertTrue(t.contains(LINE + "\nMSG: std_msgs/Header\nbuiltin_interfaces/Time stamp\nstring frame_id\n"), t);
        assertTrue(t.contains(LINE + "\nMSG: builtin_interfaces/Time\nint32 sec\nuint32 nanosec\n"), t);
        assertTrue(t.contains(LINE + "\nMSG: geometry_msgs/Quaternion\n"), t);
        assertTrue(t.contains(LINE + "\nMSG: geometry_msgs/Vector3\n"), t);
        assertTrue(!t.contains("MSG: std_msgs/msg/"), "MSG lines name package/Name");
        assertEquals(4, t.split("MSG: ", -1).length - 1);
    }

    @Test
    void odometryResolvesSamePackageNamesInsideGeometryMsgs() {
        String t = Ros2Schemas.ODOMETRY.text();
        for (String dep : List.of("std_msgs/Header", "builtin_interfaces/Time", "geometry_msgs/PoseWithCovariance",
                "geometry_msgs/Pose", "geometry_msgs/Point", "geometry_msgs/Quaternion",
                "geometry_msgs/TwistWithCovariance", "geometry_msgs/Twist", "geometry_msgs/Vector3")) {
            assertEquals(1, t.split("\nMSG: " + dep + "\n", -1).length - 1, dep + " exactly once in\n" + t);
        }
        assertTrue(Ros2Schemas.BOOL.text().equals("bool data\n"));
        assertTrue(Ros2Schemas.TWIST.text().startsWith("Vector3  linear\nVector3  angular\n" + LINE
                + "\nMSG: geometry_msgs/Vector3\n"));
    }

    @Test
    void derivedSchemaHasOneLinePerFieldAndEachNestedTypeOnce() {
        MessageSchema wheel = MessageSchema.of("afferent_msgs/msg/Wheel",
                FieldSchema.of("speed_mps", FieldSchema.Type.FLOAT32), FieldSchema.of("ok", FieldSchema.Type.BOOL));
        MessageSchema t = MessageSchema.of("afferent_msgs/msg/WheelSpeeds",
                FieldSchema.message("header", MessageSchema.HEADER),
                FieldSchema.messageArray("wheels", wheel, 4),
                FieldSchema.messageSequence("spare", wheel),
                FieldSchema.array("counts", FieldSchema.Type.UINT64, 2),
                FieldSchema.sequence("raw", FieldSchema.Type.UINT8),
                FieldSchema.of("note", FieldSchema.Type.STRING));
        Ros2Schema s = Ros2Schemas.derive(t);
        assertEquals("afferent_msgs/msg/WheelSpeeds", s.name());
        assertEquals("""
                std_msgs/Header header
                afferent_msgs/Wheel[4] wheels
                afferent_msgs/Wheel[] spare
                uint64[2] counts
                uint8[] raw
                string note
                """ + LINE + "\nMSG: std_msgs/Header\nbuiltin_interfaces/Time stamp\nstring frame_id\n"
                + LINE + "\nMSG: builtin_interfaces/Time\nint32 sec\nuint32 nanosec\n"
                + LINE + "\nMSG: afferent_msgs/Wheel\nfloat32 speed_mps\nbool ok\n", s.text());
    }

    @Test
    void badNamesAreRefusedWithTheRuleAndASuggestion() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FieldSchema.of("latitudeDeg", FieldSchema.Type.FLOAT64));
        assertTrue(e.getMessage().contains("'latitude_deg'"), e.getMessage());
        assertEquals("latitude_deg", FieldSchema.rosName("latitudeDeg"));
        assertEquals("gps_fix_ok", FieldSchema.rosName("gpsFix.ok"));
        e = assertThrows(IllegalArgumentException.class, () -> MessageSchema.of("WheelSpeeds"));
        assertTrue(e.getMessage().contains("package/msg/Name"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FieldSchema.Type.parse("double"));
        assertTrue(e.getMessage().contains("allowed are bool, int8"), e.getMessage());
        MessageSchema a1 = MessageSchema.of("p/msg/A", FieldSchema.of("x", FieldSchema.Type.INT8));
        MessageSchema a2 = MessageSchema.of("p/msg/A", FieldSchema.of("y", FieldSchema.Type.INT8));
        e = assertThrows(IllegalArgumentException.class, () -> Ros2Schemas.derive(MessageSchema.of("p/msg/B",
                FieldSchema.message("a", a1), FieldSchema.message("b", a2))));
        assertTrue(e.getMessage().contains("two different definitions of p/msg/A"), e.getMessage());
    }
}
