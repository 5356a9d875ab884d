package io.afferent.drivers.nmea;

import io.afferent.api.msg.GpsFix;

/**
 * NMEA 0183 sentence parser: a byte-at-a-time state machine over a preallocated buffer, independent of
 * the transport (serial port, pseudo-terminal, capture file, byte array). It never allocates after
 * construction and never throws on input.
 *
 * <p><b>Framing.</b> A sentence starts at {@code $} and is complete at the second hex digit of its
 * {@code *hh} checksum (CR/LF is not waited for, which saves two byte times of latency; anything between
 * the checksum and the next {@code $} is ignored). The checksum is required. Rejects, counted by
 * {@link NmeaReject}: a new {@code $} inside a sentence ({@code truncated}: the new sentence is kept), CR or
 * LF before the checksum ({@code no_checksum}), control or non-ASCII bytes ({@code bad_character}), more
 * than {@link #MAX_SENTENCE_BYTES} bytes ({@code too_long}), checksum mismatch ({@code bad_checksum}),
 * then, for decoded types, {@code missing_field} and {@code malformed_field}. After any reject the parser
 * resynchronises on the next {@code $}. Sentences with a valid checksum whose type is not decoded
 * (ZDA, GLL, TXT, proprietary {@code $P...}) are counted as unknown and skipped.
 *
 * <p><b>What publishes.</b> GGA and RMC each produce a fix ({@link #FIX}); VTG, GSA and GSV update state:
 * <ul>
 *   <li>GGA: time, position (when quality &gt; 0), altitude MSL, quality, satellites used, HDOP; plus the date
 *       of the latest RMC if it had the same UTC time, the speed/course of a VTG received since the last
 *       published fix, and the fix mode of the latest GSA.</li>
 *   <li>RMC: time, date, position (when status is {@code A} and mode is not {@code N}), speed and course
 *       ({@code courseDeg} is NaN when the receiver leaves it empty, typically when stationary), quality from
 *       the NMEA 2.3 mode indicator when present; plus the fix mode of the latest GSA.</li>
 *   <li>GSA: fix mode (1 none, 2 2D, 3 3D) and HDOP, kept for the next fix; GSV: satellites in view
 *       ({@link #satellitesInView()}).</li>
 * </ul>
 * The GSA state may be one epoch old (receivers send GSA after GGA). Talkers: any two upper-case letters
 * (GP, GN, GL, GA, GB, BD, GQ, GI...); the talker and sentence type are recorded in the fix.
 *
 * <p>Fields are scanned in place by {@link NmeaFields}; the sentence types are decoded by
 * {@link NmeaDecoders}, which also keeps the state carried between sentences.
 *
 * <p>Single thread: the thread that feeds it (a source's reader thread).
 */
public final class NmeaParser {
    /**
     * Longest sentence accepted, from {@code $} through the checksum, CR/LF excluded. The standard says
     * 82 bytes with CR/LF, but real receivers exceed it: Trimble RTK GGA with 8-decimal minutes (92 bytes)
     * and Unicore's sentences (~105) are in the gpsd captures we validate against. 120 keeps those and still
     * bounds the buffer and drops a runaway stream (wrong baud rate, binary protocol) quickly.
     */
    public static final int MAX_SENTENCE_BYTES = 120;
    private static final int MAX_BODY = MAX_SENTENCE_BYTES - 4; // minus '$' and "*hh"

    /** {@link #accept} results. */
    public static final int NONE = 0;
    /** A GGA or RMC was decoded into {@link #fix()}: publish it. */
    public static final int FIX = 1;
    /** A VTG, GSA or GSV was decoded; its state is kept for the next fix. */
    public static final int DECODED = 2;
    /** A sentence with a valid checksum of a type not decoded; counted and skipped. */
    public static final int UNKNOWN = 3;
    /** A sentence was rejected; see {@link #lastReject()}. */
    public static final int REJECTED = 4;

    public static final int TYPE_GGA = pack3('G', 'G', 'A');
    public static final int TYPE_RMC = pack3('R', 'M', 'C');
    public static final int TYPE_VTG = pack3('V', 'T', 'G');
    public static final int TYPE_GSA = pack3('G', 'S', 'A');
    public static final int TYPE_GSV = pack3('G', 'S', 'V');

    private static final int IDLE = 0, BODY = 1, CK1 = 2, CK2 = 3;

    private final NmeaFields fields = new NmeaFields(MAX_BODY);
    private final GpsFix fix = new GpsFix();
    private final NmeaDecoders decoders = new NmeaDecoders(fields, fix);

    private int state = IDLE;
    private int sum;
    private int ckHigh;
    private long stampNanos;
    private NmeaReject lastReject;

    // statistics (single writer, read them on the same thread or after it stopped)
    private final long[] rejectCounts = new long[NmeaReject.values().length];
    private long decodedCount;
    private long fixCount;
    private long unknownCount;
    private long ignoredBytes;

    /**
     * Feeds one byte. {@code stampNanos} is the time the caller attributes to this byte (the return of the
     * read that delivered it); the stamp of a sentence's {@code $} becomes {@link #sentenceStampNanos()}.
     *
     * @return {@link #NONE}, {@link #FIX}, {@link #DECODED}, {@link #UNKNOWN} or {@link #REJECTED}
     */
    public int accept(byte b, long stampNanos) {
        switch (state) {
            case IDLE:
                if (b == '$') {
                    start(stampNanos);
                } else {
                    ignoredBytes++;
                }
                return NONE;
            case BODY:
                if (b == '*') {
                    state = CK1;
                    return NONE;
                }
                if (b == '$') {
                    int r = reject(NmeaReject.TRUNCATED);
                    start(stampNanos);
                    return r;
                }
                if (b == '\r' || b == '\n') {
                    return reject(NmeaReject.NO_CHECKSUM);
                }
                if (b < 0x20 || b > 0x7e) {
                    return reject(NmeaReject.BAD_CHARACTER);
                }
                if (fields.full()) {
                    return reject(NmeaReject.TOO_LONG);
                }
                fields.append(b);
                sum ^= b;
                return NONE;
            case CK1: {
                int h = hex(b);
                if (h < 0) {
                    return checksumByteInvalid(b, stampNanos);
                }
                ckHigh = h;
                state = CK2;
                return NONE;
            }
            default: { // CK2
                int h = hex(b);
                if (h < 0) {
                    return checksumByteInvalid(b, stampNanos);
                }
                state = IDLE;
                if (((ckHigh << 4) | h) != sum) {
                    return reject(NmeaReject.BAD_CHECKSUM);
                }
                return decode();
            }
        }
    }

    /** Receives the fixes decoded by {@link #feed}. */
    @FunctionalInterface
    public interface Listener {
        /** {@code fix} is the parser's own object, valid until the next byte is fed: copy what you keep. */
        void onFix(GpsFix fix, long sentenceStampNanos);
    }

    /** Feeds {@code len} bytes, all stamped {@code stampNanos}; calls {@code listener} per fix; returns the fix count. */
    public int feed(byte[] buf, int off, int len, long stampNanos, Listener listener) {
        int fixes = 0;
        for (int i = off, end = off + len; i < end; i++) {
            if (accept(buf[i], stampNanos) == FIX) {
                fixes++;
                listener.onFix(fix, this.stampNanos);
            }
        }
        return fixes;
    }

    /** The fix decoded by the last {@link #FIX} result; overwritten by the next one. */
    public GpsFix fix() {
        return fix;
    }

    /** The stamp given with the {@code $} of the last completed sentence (the first byte of the frame). */
    public long sentenceStampNanos() {
        return stampNanos;
    }

    /** The reason of the last {@link #REJECTED} result, or null. */
    public NmeaReject lastReject() {
        return lastReject;
    }

    /** True while a sentence is being received (between its {@code $} and its checksum). */
    public boolean inSentence() {
        return state != IDLE;
    }

    /**
     * Drops a partial sentence, counting it as truncated (the transport lost bytes, e.g. on reconnect).
     * Carried state (GSA mode, pending VTG) is also forgotten.
     */
    public void resetStream() {
        if (state != IDLE) {
            reject(NmeaReject.TRUNCATED);
        }
        decoders.forgetCarriedState();
    }

    public long rejectCount(NmeaReject reason) {
        return rejectCounts[reason.ordinal()];
    }

    public long rejectTotal() {
        long t = 0;
        for (long c : rejectCounts) {
            t += c;
        }
        return t;
    }

    /** Sentences with a valid checksum that were decoded (GGA, RMC, VTG, GSA, GSV). */
    public long decodedCount() {
        return decodedCount;
    }

    /** Fixes produced (GGA and RMC). */
    public long fixCount() {
        return fixCount;
    }

    /** Sentences with a valid checksum of a type not decoded. */
    public long unknownCount() {
        return unknownCount;
    }

    /** Bytes outside any sentence (between a checksum and the next {@code $}: CR/LF, noise). */
    public long ignoredBytes() {
        return ignoredBytes;
    }

    /** Satellites in view according to the latest GSV (of any talker). */
    public int satellitesInView() {
        return decoders.satellitesInView();
    }

    /** Packs a three-letter sentence type the way {@link GpsFix#sentenceType} stores it. */
    public static int pack3(char a, char b, char c) {
        return (a << 16) | (b << 8) | c;
    }

    // ---------------------------------------------------------------------------------------------

    private void start(long stamp) {
        state = BODY;
        fields.clear();
        sum = 0;
        stampNanos = stamp;
    }

    private int checksumByteInvalid(byte b, long stamp) {
        if (b == '$') {
            int r = reject(NmeaReject.TRUNCATED);
            start(stamp);
            return r;
        }
        return reject(NmeaReject.BAD_CHECKSUM);
    }

    private int reject(NmeaReject why) {
        state = IDLE;
        lastReject = why;
        rejectCounts[why.ordinal()]++;
        return REJECTED;
    }

    private static int hex(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        return -1;
    }

    private int decode() {
        fields.split();
        if (!fields.standardAddress()) {
            unknownCount++;
            return UNKNOWN;
        }
        int type = fields.sentenceType();
        int result = decoders.decode(type);
        if (result == UNKNOWN) {
            unknownCount++;
            return UNKNOWN;
        }
        if (result == REJECTED) {
            return reject(decoders.rejectReason());
        }
        decodedCount++;
        if (result == FIX) {
            fix.sentenceType = type;
            fix.talker = fields.talker();
            fixCount++;
        }
        return result;
    }
}
