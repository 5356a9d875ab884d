package io.afferent.fusion;

import io.afferent.api.msg.Pose;

/**
 * Bits of {@link Pose#flags} (the constants are {@link Pose}'s): four per input source (IMU, wheels, GPS)
 * saying whether the source was seen and why it is not used, and a few estimator-wide bits. A source is
 * used when it was seen and none of its failure bits is set. Stateless; any thread.
 */
public final class FusionFlags {
    /** Shift of each source's four bits. */
    public static final int IMU = Pose.IMU, WHEELS = Pose.WHEELS, GPS = Pose.GPS;
    /** Per source (shift by IMU, WHEELS or GPS). */
    public static final int SEEN = Pose.SEEN, TIMEOUT = Pose.TIMEOUT, STUCK = Pose.STUCK, ERRORS = Pose.ERRORS;
    public static final int FAILED = Pose.FAILED;

    /** GPS fixes are being rejected by the innovation gate. */
    public static final int GPS_REJECTING = Pose.GPS_REJECTING;
    /** No GPS fix fused within the GPS timeout: position is dead-reckoned. */
    public static final int DEAD_RECKONING = Pose.DEAD_RECKONING;
    /** Over the deadline budget: the overrun policy is in force. */
    public static final int OVERRUN = Pose.OVERRUN;
    /** Position is absolute (a GPS fix has been fused since start). */
    public static final int POSITION_ABSOLUTE = Pose.POSITION_ABSOLUTE;
    /** An emergency-stop input is active (stop requested). */
    public static final int EMERGENCY_STOP = Pose.EMERGENCY_STOP;

    private FusionFlags() {
    }

    public static int source(int flags, int shift) {
        return Pose.source(flags, shift);
    }

    public static boolean used(int flags, int shift) {
        return Pose.used(flags, shift);
    }

    /** e.g. {@code imu ok, wheels TIMEOUT, gps ok DR}; for status lines and logs (allocates). */
    public static String describe(int flags) {
        return appendTo(new StringBuilder(), flags).toString();
    }

    /** Appends {@link #describe} of {@code flags} to {@code sb}, without allocating. */
    public static StringBuilder appendTo(StringBuilder sb, int flags) {
        appendSource(sb, "imu", source(flags, IMU));
        sb.append(' ');
        appendSource(sb, "wheels", source(flags, WHEELS));
        sb.append(' ');
        appendSource(sb, "gps", source(flags, GPS));
        if ((flags & GPS_REJECTING) != 0) sb.append(" GPS-REJECT");
        if ((flags & DEAD_RECKONING) != 0) sb.append(" DR");
        if ((flags & OVERRUN) != 0) sb.append(" OVERRUN");
        if ((flags & EMERGENCY_STOP) != 0) sb.append(" E-STOP");
        return sb;
    }

    private static void appendSource(StringBuilder sb, String name, int b) {
        sb.append(name).append(':');
        if ((b & SEEN) == 0) {
            sb.append("none");
            return;
        }
        if ((b & FAILED) == 0) {
            sb.append("ok");
            return;
        }
        if ((b & TIMEOUT) != 0) sb.append("TIMEOUT");
        if ((b & STUCK) != 0) sb.append("STUCK");
        if ((b & ERRORS) != 0) sb.append("ERRORS");
    }
}
