package io.afferent.apitest;

import io.afferent.api.FieldInfo;
import io.afferent.api.msg.WheelCmd;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WheelCmdTest {
    @Test
    void linearAndAngularBecomeWheelSpeedsAndBack() {
        WheelCmd c = new WheelCmd().set(0.5, 1.0, 0.2); // 0.5 m/s forward, 1 rad/s left, 0.2 m track
        assertEquals(0.4, c.leftMps, 1e-15);
        assertEquals(0.6, c.rightMps, 1e-15);
        // The ROS 2 Twist mapping the javadoc states: linear.x = (l + r) / 2, angular.z = (r - l) / track.
        assertEquals(0.5, (c.leftMps + c.rightMps) / 2, 1e-15);
        assertEquals(1.0, (c.rightMps - c.leftMps) / 0.2, 1e-12);
        assertFalse(c.stop);
        c.stop();
        assertEquals(0, c.leftMps);
        assertEquals(0, c.rightMps);
        assertEquals(0, c.linearMps);
        assertEquals(0, c.angularRadPerS);
        assertTrue(c.stop);
    }

    @Test
    void afferentDescribesItsFields() {
        assertEquals("wheel_cmd", WheelCmd.TYPE.name());
        assertEquals(List.of("leftMps", "rightMps", "linearMps", "angularRadPerS", "stop"),
                WheelCmd.TYPE.fields().stream().map(FieldInfo::path).toList());
        assertEquals("m/s", WheelCmd.TYPE.field("leftMps").unit());
    }
}
