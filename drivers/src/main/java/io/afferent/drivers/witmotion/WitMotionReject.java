package io.afferent.drivers.witmotion;

/** Why the {@link WitMotionParser} dropped a frame; {@link #reason} is the counter name in reports. */
public enum WitMotionReject {
    /** The 11th byte is not the low byte of the sum of the first ten. */
    BAD_CHECKSUM("bad_checksum"),
    /** A 0x55 followed by a byte outside 0x50..0x5F: not a frame header (noise or a lost byte). */
    BAD_HEADER("bad_header");

    public final String reason;

    WitMotionReject(String reason) {
        this.reason = reason;
    }
}
