package io.afferent.api.msg;

import io.afferent.api.MessageType;
import io.afferent.api.Unit;

/** Wheel encoder payload: cumulative signed tick counts of a differential drive.  *
 * <p>Message type {@code wheels}. ROS 2: no standard ROS 2 message carries raw encoder ticks; the closest is sensor_msgs/msg/JointState (position = ticks × 2π / ticksPerRevolution, velocity from the tick rates), which is how recordings write it.
 */
public final class Wheels {
    public static final MessageType<Wheels> TYPE = MessageType.of("wheels", Wheels.class);

    @Unit("ticks") public long leftTicks;
    @Unit("ticks") public long rightTicks;
    /** Ticks per wheel revolution, so that a consumer can turn ticks into distance. */
    public int ticksPerRevolution;
    /** Cumulative count of illegal quadrature transitions (missed edges) seen by the driver. */
    public long illegalTransitions;
    /** Velocity estimates over the driver's window, in ticks per second; NaN when the driver has none. */
    @Unit("ticks/s") public double leftTicksPerS = Double.NaN;
    @Unit("ticks/s") public double rightTicksPerS = Double.NaN;
    /** Time of the latest encoder edge (clock nanos), or 0 when not known (simulated, polled without edges). */
    @Unit("ns") public long lastEdgeNanos;

    public void clear() {
        leftTicks = rightTicks = 0;
        ticksPerRevolution = 0;
        illegalTransitions = 0;
        leftTicksPerS = rightTicksPerS = Double.NaN;
        lastEdgeNanos = 0;
    }

    public void copyFrom(Wheels o) {
        leftTicks = o.leftTicks;
        rightTicks = o.rightTicks;
        ticksPerRevolution = o.ticksPerRevolution;
        illegalTransitions = o.illegalTransitions;
        leftTicksPerS = o.leftTicksPerS;
        rightTicksPerS = o.rightTicksPerS;
        lastEdgeNanos = o.lastEdgeNanos;
    }
}
