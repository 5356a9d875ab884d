package io.afferent.drivers.nmea;

/** Why the {@link NmeaParser} rejected a sentence; {@link #reason} is the counter name in reports. */
public enum NmeaReject {
    /** The two hex digits after {@code *} do not match the XOR of the bytes between {@code $} and {@code *}. */
    BAD_CHECKSUM("bad_checksum"),
    /** The line ended (CR or LF) before a {@code *hh} checksum: the checksum is required. */
    NO_CHECKSUM("no_checksum"),
    /** More than {@link NmeaParser#MAX_SENTENCE_BYTES} bytes from {@code $} without a complete checksum. */
    TOO_LONG("too_long"),
    /** A new {@code $} arrived before the sentence's checksum: bytes were lost. */
    TRUNCATED("truncated"),
    /** Valid checksum, but fewer fields than the sentence type has, or a value without its unit/hemisphere. */
    MISSING_FIELD("missing_field"),
    /** Valid checksum, but a field does not parse (letters in a number, minutes >= 60, hour 25...). */
    MALFORMED_FIELD("malformed_field"),
    /** A control or non-ASCII byte inside a sentence (line noise, wrong baud rate). */
    BAD_CHARACTER("bad_character");

    public final String reason;

    NmeaReject(String reason) {
        this.reason = reason;
    }

    private static final NmeaReject[] VALUES = values();

    static NmeaReject of(int ordinal) {
        return VALUES[ordinal];
    }
}
