package io.afferent.api.msg;

import io.afferent.api.MessageType;
import io.afferent.api.Unit;

/** Range sensor payload (ultrasonic style).  *
 * <p>Message type {@code range}. ROS 2: sensor_msgs/msg/Range: distanceM → range (noEcho → +inf, as REP 117 asks for "no return").
 */
public final class Range {
    public static final MessageType<Range> TYPE = MessageType.of("range", Range.class);

    @Unit("m") public double distanceM;
    /** True when no echo came back within the timeout; {@link #distanceM} is then meaningless. */
    public boolean noEcho;

    public void clear() {
        distanceM = 0;
        noEcho = false;
    }

    public void copyFrom(Range o) {
        distanceM = o.distanceM;
        noEcho = o.noEcho;
    }
}
