package io.afferent.api.msg;

import io.afferent.api.MessageType;

/** Digital input payload (bumper, limit switch, emergency stop), after debounce.  *
 * <p>Message type {@code digital}. ROS 2: std_msgs/msg/Bool: high → data (the change count and the e-stop role are not carried by Bool).
 */
public final class Digital {
    public static final MessageType<Digital> TYPE = MessageType.of("digital", Digital.class);

    public boolean high;
    /** Cumulative number of debounced changes of state. */
    public long changes;
    /** This input is an emergency stop: {@link #high} means "stop requested"; stages react at once. */
    public boolean emergencyStop;

    public void clear() {
        high = false;
        changes = 0;
        emergencyStop = false;
    }

    public void copyFrom(Digital o) {
        high = o.high;
        changes = o.changes;
        emergencyStop = o.emergencyStop;
    }
}
