package io.afferent.api.msg;

import io.afferent.api.MessageType;
import io.afferent.api.Unit;

/**
 * A differential-drive command: the speed each wheel's contact point should have, in metres per second (positive
 * drives the robot forward). Wheel speeds, not linear/angular, because that is what a motor output applies and what
 * its limits (duty, rate of change, deadband) are stated in; a stage that thinks in linear/angular speed fills
 * {@link #set(double, double, double)} with the robot's track width.
 *
 * <p>Message type {@code wheel_cmd}. ROS 2: geometry_msgs/msg/Twist (or TwistStamped) with {@code linear.x =
 * (left + right) / 2} and {@code angular.z = (right - left) / track} (track = the robot's wheel base, from the
 * profile's {@code robot:}); the other four Twist components are zero for a differential drive.
 * {@link #linearMps} and {@link #angularRadPerS} carry that mapping, filled by {@link #set}, so a recorder writes
 * the Twist without knowing the track.
 */
public final class WheelCmd {
    public static final MessageType<WheelCmd> TYPE = MessageType.of("wheel_cmd", WheelCmd.class);

    /** Commanded speed of the left wheel's contact point (m/s, positive forward). */
    @Unit("m/s") public double leftMps;
    /** Commanded speed of the right wheel's contact point (m/s, positive forward). */
    @Unit("m/s") public double rightMps;
    /** The same command as a Twist: forward speed (m/s). */
    @Unit("m/s") public double linearMps;
    /** The same command as a Twist: yaw rate, counter-clockwise positive (rad/s). */
    @Unit("rad/s") public double angularRadPerS;
    /** Set when the publisher asks for a stop (e-stop, invalid pose, course finished): every speed is then zero. */
    public boolean stop;

    /** Fills the message from a forward speed and a yaw rate for a robot of track {@code trackM} (its wheel base). */
    public WheelCmd set(double linearMps, double angularRadPerS, double trackM) {
        this.linearMps = linearMps;
        this.angularRadPerS = angularRadPerS;
        this.leftMps = linearMps - angularRadPerS * trackM / 2;
        this.rightMps = linearMps + angularRadPerS * trackM / 2;
        this.stop = false;
        return this;
    }

    /** A zero command with {@link #stop} set. */
    public WheelCmd stop() {
        leftMps = rightMps = linearMps = angularRadPerS = 0;
        stop = true;
        return this;
    }
}
