package io.afferent.runtime.fusion;

/**
 * Bits of {@link FusedState#flags}: four per input source (IMU, wheels, GPS) saying whether the source
 * was seen and why it is not used, and a few estimator-wide bits. A source is used when it was seen
 * and none of its failure bits is set.
 */
public final class FusionFlags {
    /** Shift of each source's four bits. */
    public static final int IMU = 0, WHEELS = 4, GPS = 8;
    /** Per source (shift by IMU, WHEELS or GPS). */
    public static final int SEEN = 1, TIMEOUT = 2, STUCK = 4, ERRORS = 8;
    public static final int FAILED = TIMEOUT | STUCK | ERRORS;

    /** GPS fixes are being rejected by the innovation gate. */
    public static final int GPS_REJECTING = 1 << 12;
    /** No GPS fix fused within the GPS timeout: position is dead-reckoned. */
    public static final int DEAD_RECKONING = 1 << 13;
    /** Over the deadline budget: the overrun policy is in force. */
    public static final int OVERRUN = 1 << 14;
    /** Position is absolute (a GPS fix has been fused since start). */
    public static final int POSITION_ABSOLUTE = 1 << 15;
    /** An emergency-stop input is active (stop requested). */
    public static final int EMERGENCY_STOP = 1 << 16;

    private FusionFlags() {
    }

    public static int source(int flags, int shift) {
        return (flags >>> shift) & 0xF;
    }

    public static boolean used(int flags, int shift) {
        int b = source(flags, shift);
        return (b & SEEN) != 0 && (b & FAILED) == 0;
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
