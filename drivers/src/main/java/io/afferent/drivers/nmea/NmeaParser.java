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
 * <p><b>Numbers</b> are parsed from the bytes into a {@code long} mantissa and a power-of-ten exponent:
 * latitude {@code ddmm.mmmm} becomes {@code dd + mantissa(mm.mmmm) / (60 * 10^k)}, one correctly rounded
 * division, so it agrees with gpsd far below 1e-6 degrees.
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

    private static final double KNOTS_TO_MPS = 1852.0 / 3600.0;
    private static final double KMH_TO_MPS = 1000.0 / 3600.0;
    private static final double[] POW10 = new double[19];
    private static final long[] LPOW10 = new long[19];

    static {
        long p = 1;
        for (int i = 0; i < POW10.length; i++) {
            LPOW10[i] = p;
            POW10[i] = p; // exact: 10^18 < 2^63 and every 10^k, k <= 22, is exact in a double
            p *= 10;
        }
    }

    private static final int IDLE = 0, BODY = 1, CK1 = 2, CK2 = 3;
    private static final int EMPTY = 0, OK = 1, BAD = 2;

    private final byte[] body = new byte[MAX_BODY];
    private final int[] fieldStart = new int[MAX_BODY + 1];
    private final int[] fieldEnd = new int[MAX_BODY + 1];
    private final GpsFix fix = new GpsFix();

    private int state = IDLE;
    private int len;
    private int sum;
    private int ckHigh;
    private int fields;
    private long stampNanos;
    private NmeaReject lastReject;

    // number scratch (the result of parseNumber)
    private long mant;
    private int scale;
    private boolean negative;

    // state carried between sentences
    private boolean vtgPending;
    private double vtgSpeedMps;
    private double vtgCourseDeg;
    private int gsaFixMode;
    private double gsaHdop = Double.NaN;
    private int rmcTimeMs = -1;
    private int rmcDate;
    private int satellitesInView;

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
                if (len == MAX_BODY) {
                    return reject(NmeaReject.TOO_LONG);
                }
                body[len++] = b;
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
        vtgPending = false;
        gsaFixMode = 0;
        gsaHdop = Double.NaN;
        rmcTimeMs = -1;
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
        return satellitesInView;
    }

    /** Packs a three-letter sentence type the way {@link GpsFix#sentenceType} stores it. */
    public static int pack3(char a, char b, char c) {
        return (a << 16) | (b << 8) | c;
    }

    // ---------------------------------------------------------------------------------------------

    private void start(long stamp) {
        state = BODY;
        len = 0;
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
        split();
        int addrLen = fieldEnd[0] - fieldStart[0];
        if (addrLen != 5 || body[0] == 'P' || !upper(body[0]) || !upper(body[1])) {
            unknownCount++;
            return UNKNOWN;
        }
        int type = (body[2] << 16) | (body[3] << 8) | body[4];
        int talker = (body[0] << 8) | body[1];
        int result;
        if (type == TYPE_GGA) {
            result = decodeGga();
        } else if (type == TYPE_RMC) {
            result = decodeRmc();
        } else if (type == TYPE_VTG) {
            result = decodeVtg();
        } else if (type == TYPE_GSA) {
            result = decodeGsa();
        } else if (type == TYPE_GSV) {
            result = decodeGsv();
        } else {
            unknownCount++;
            return UNKNOWN;
        }
        if (result == REJECTED) {
            return REJECTED;
        }
        decodedCount++;
        if (result == FIX) {
            fix.sentenceType = type;
            fix.talker = talker;
            if (gsaFixMode != 0) {
                fix.fixMode = gsaFixMode;
            }
            fixCount++;
        }
        return result;
    }

    private static boolean upper(byte b) {
        return b >= 'A' && b <= 'Z';
    }

    /** Splits the body on commas; field 0 is the address. */
    private void split() {
        int n = 0;
        int s = 0;
        for (int i = 0; i < len; i++) {
            if (body[i] == ',') {
                fieldStart[n] = s;
                fieldEnd[n] = i;
                n++;
                s = i + 1;
            }
        }
        fieldStart[n] = s;
        fieldEnd[n] = len;
        fields = n + 1;
    }

    private boolean empty(int f) {
        return f >= fields || fieldStart[f] == fieldEnd[f];
    }

    private byte firstByte(int f) {
        return empty(f) ? 0 : body[fieldStart[f]];
    }

    // GGA: 1 time, 2-5 lat N lon E, 6 quality, 7 sats, 8 hdop, 9 alt, 10 M, 11 sep, 12 M, 13 age, 14 station
    private int decodeGga() {
        if (fields < 15) {
            return reject(NmeaReject.MISSING_FIELD);
        }
        fix.clear();
        int r = time(1);
        if (r == BAD) {
            return reject(NmeaReject.MALFORMED_FIELD);
        }
        int quality = 0;
        r = number(6);
        if (r == BAD || (r == OK && (scale != 0 || negative || mant > 9))) {
            return reject(NmeaReject.MALFORMED_FIELD);
        }
        if (r == OK) {
            quality = (int) mant;
            fix.fixQuality = quality;
            fix.validMask |= GpsFix.QUALITY;
        }
        int pos = position(2);
        if (pos == REJECTED) {
            return REJECTED;
        }
        r = number(7);
        if (r == BAD || (r == OK && (scale != 0 || negative || mant > 99))) {
            return reject(NmeaReject.MALFORMED_FIELD);
        }
        if (r == OK) {
            fix.satellites = (int) mant;
            fix.validMask |= GpsFix.SATELLITES;
        }
        r = number(8);
        if (r == BAD || (r == OK && negative)) {
            return reject(NmeaReject.MALFORMED_FIELD);
        }
        if (r == OK) {
            fix.hdop = value();
            fix.validMask |= GpsFix.DOP;
        }
        r = number(9);
        if (r == BAD) {
            return reject(NmeaReject.MALFORMED_FIELD);
        }
        double alt = value();
        boolean hasAlt = r == OK;
        if (quality > 0) {
            if (pos == OK) {
                fix.validMask |= GpsFix.POSITION;
            }
            if (hasAlt) {
                fix.altitudeM = alt;
                fix.validMask |= GpsFix.ALTITUDE;
            }
        }
        if (rmcTimeMs >= 0 && fix.has(GpsFix.TIME) && rmcTimeMs == fix.utcMillisOfDay && rmcDate != 0) {
            fix.utcDate = rmcDate;
            fix.validMask |= GpsFix.DATE;
        }
        if (vtgPending) {
            fix.speedMps = vtgSpeedMps;
            fix.courseDeg = vtgCourseDeg;
            fix.validMask |= GpsFix.VELOCITY;
        }
        vtgPending = false;
        return FIX;
    }

    // RMC: 1 time, 2 status, 3-6 lat N lon E, 7 speed kn, 8 course, 9 date, 10 magvar, 11 E/W, 12 mode, 13 nav status
    private int decodeRmc() {
        if (fields < 10) {
            return reject(NmeaReject.MISSING_FIELD);
        }
        fix.clear();
        int r = time(1);
        if (r == BAD) {
            return reject(NmeaReject.MALFORMED_FIELD);
        }
        byte status = firstByte(2);
        if (status != 0 && (status != 'A' && status != 'V' || fieldEnd[2] - fieldStart[2] != 1)) {
            return reject(NmeaReject.MALFORMED_FIELD);
        }
        int pos = position(3);
        if (pos == REJECTED) {
            return REJECTED;
        }
        byte mode = 0;
        if (!empty(12)) {
            mode = body[fieldStart[12]];
            int quality = modeToQuality(mode);
            if (quality < 0 || fieldEnd[12] - fieldStart[12] != 1) {
                return reject(NmeaReject.MALFORMED_FIELD);
            }
            fix.fixQuality = quality;
            fix.validMask |= GpsFix.QUALITY;
        }
        r = number(7);
        if (r == BAD || (r == OK && negative)) {
            return reject(NmeaReject.MALFORMED_FIELD);
        }
        if (r == OK) {
            fix.speedMps = value() * KNOTS_TO_MPS;
            fix.courseDeg = Double.NaN;
            fix.validMask |= GpsFix.VELOCITY;
        }
        r = number(8);
        if (r == BAD) {
            return reject(NmeaReject.MALFORMED_FIELD);
        }
        if (r == OK && fix.has(GpsFix.VELOCITY)) {
            fix.courseDeg = value();
        }
        r = date(9);
        if (r == BAD) {
            return reject(NmeaReject.MALFORMED_FIELD);
        }
        if (status == 'A' && mode != 'N' && pos == OK) {
            fix.validMask |= GpsFix.POSITION;
        }
        if (fix.has(GpsFix.TIME) && fix.has(GpsFix.DATE)) {
            rmcTimeMs = fix.utcMillisOfDay;
            rmcDate = fix.utcDate;
        }
        vtgPending = false;
        return FIX;
    }

    private static int modeToQuality(byte mode) {
        return switch (mode) {
            case 'N' -> 0;
            case 'A' -> 1;
            case 'D' -> 2;
            case 'P' -> 3;
            case 'R' -> 4;
            case 'F' -> 5;
            case 'E' -> 6;
            case 'M' -> 7;
            case 'S' -> 8;
            default -> -1;
        };
    }

    // VTG: 1 course true, 2 T, 3 course magnetic, 4 M, 5 speed kn, 6 N, 7 speed km/h, 8 K, 9 mode
    private int decodeVtg() {
        if (fields < 9) {
            return reject(NmeaReject.MISSING_FIELD);
        }
        int r = number(1);
        if (r == BAD) {
            return reject(NmeaReject.MALFORMED_FIELD);
        }
        double course = r == OK ? value() : Double.NaN;
        if (number(3) == BAD) {
            return reject(NmeaReject.MALFORMED_FIELD);
        }
        double speed;
        r = number(5);
        if (r == BAD || (r == OK && negative)) {
            return reject(NmeaReject.MALFORMED_FIELD);
        }
        if (r == OK) {
            speed = value() * KNOTS_TO_MPS;
        } else {
            r = number(7);
            if (r == BAD || (r == OK && negative)) {
                return reject(NmeaReject.MALFORMED_FIELD);
            }
            speed = r == OK ? value() * KMH_TO_MPS : Double.NaN;
        }
        if (!Double.isNaN(speed)) {
            vtgPending = true;
            vtgSpeedMps = speed;
            vtgCourseDeg = course;
        }
        return DECODED;
    }

    // GSA: 1 selection A/M, 2 mode 1/2/3, 3-14 PRNs, 15 PDOP, 16 HDOP, 17 VDOP, 18 system id (NMEA 4.1)
    private int decodeGsa() {
        if (fields < 18) {
            return reject(NmeaReject.MISSING_FIELD);
        }
        int r = number(2);
        if (r == BAD || (r == OK && (scale != 0 || mant < 1 || mant > 3))) {
            return reject(NmeaReject.MALFORMED_FIELD);
        }
        int mode = r == OK ? (int) mant : 0;
        for (int f = 3; f <= 17; f++) {
            if (number(f) == BAD) {
                return reject(NmeaReject.MALFORMED_FIELD);
            }
        }
        r = number(16);
        gsaHdop = r == OK ? value() : Double.NaN;
        gsaFixMode = mode;
        return DECODED;
    }

    // GSV: 1 total messages, 2 message number, 3 satellites in view, then (PRN, elevation, azimuth, SNR)*, [signal id]
    private int decodeGsv() {
        if (fields < 4) {
            return reject(NmeaReject.MISSING_FIELD);
        }
        for (int f = 1; f < fields; f++) {
            if (number(f) == BAD) {
                return reject(NmeaReject.MALFORMED_FIELD);
            }
        }
        if (number(3) == OK) {
            satellitesInView = (int) Math.min(mant, 999);
        }
        return DECODED;
    }

    /** hhmmss[.s...] into fix.utcMillisOfDay. */
    private int time(int f) {
        if (empty(f)) {
            return EMPTY;
        }
        int s = fieldStart[f], e = fieldEnd[f];
        if (e - s < 6) {
            return BAD;
        }
        int h = 0, m = 0, sec = 0;
        for (int i = 0; i < 6; i++) {
            int d = body[s + i] - '0';
            if (d < 0 || d > 9) {
                return BAD;
            }
            if (i < 2) {
                h = h * 10 + d;
            } else if (i < 4) {
                m = m * 10 + d;
            } else {
                sec = sec * 10 + d;
            }
        }
        if (h > 23 || m > 59 || sec > 60) {
            return BAD;
        }
        int ms = 0;
        int i = s + 6;
        if (i < e) {
            if (body[i] != '.') {
                return BAD;
            }
            int digits = 0;
            for (i++; i < e; i++) {
                int d = body[i] - '0';
                if (d < 0 || d > 9 || digits >= 9) {
                    return BAD;
                }
                if (digits < 3) {
                    ms = ms * 10 + d;
                }
                digits++;
            }
            for (int k = digits; k < 3; k++) {
                ms *= 10;
            }
        }
        fix.utcMillisOfDay = ((h * 60 + m) * 60 + sec) * 1000 + ms;
        fix.validMask |= GpsFix.TIME;
        return OK;
    }

    /** ddmmyy into fix.utcDate as yyyymmdd (years 80-99 are 19xx, as the two-digit field cannot say). */
    private int date(int f) {
        if (empty(f)) {
            return EMPTY;
        }
        int s = fieldStart[f];
        if (fieldEnd[f] - s != 6) {
            return BAD;
        }
        int v = 0;
        for (int i = 0; i < 6; i++) {
            int d = body[s + i] - '0';
            if (d < 0 || d > 9) {
                return BAD;
            }
            v = v * 10 + d;
        }
        int dd = v / 10000, mm = v / 100 % 100, yy = v % 100;
        if (dd < 1 || dd > 31 || mm < 1 || mm > 12) {
            return BAD;
        }
        fix.utcDate = ((yy < 80 ? 2000 : 1900) + yy) * 10000 + mm * 100 + dd;
        fix.validMask |= GpsFix.DATE;
        return OK;
    }

    /**
     * Latitude at field {@code f} (ddmm.mmmm, hemisphere at f+1) and longitude at f+2 (dddmm.mmmm, f+3) into
     * the fix. Returns OK (both present), EMPTY (all four empty) or REJECTED (already counted).
     */
    private int position(int f) {
        boolean allEmpty = empty(f) && empty(f + 1) && empty(f + 2) && empty(f + 3);
        if (allEmpty) {
            return EMPTY;
        }
        if (empty(f) || empty(f + 1) || empty(f + 2) || empty(f + 3)) {
            return reject(NmeaReject.MISSING_FIELD);
        }
        double lat = degreesMinutes(f, 90);
        if (Double.isNaN(lat)) {
            return reject(NmeaReject.MALFORMED_FIELD);
        }
        double lon = degreesMinutes(f + 2, 180);
        if (Double.isNaN(lon)) {
            return reject(NmeaReject.MALFORMED_FIELD);
        }
        byte ns = body[fieldStart[f + 1]], ew = body[fieldStart[f + 3]];
        if (fieldEnd[f + 1] - fieldStart[f + 1] != 1 || fieldEnd[f + 3] - fieldStart[f + 3] != 1
                || (ns != 'N' && ns != 'S') || (ew != 'E' && ew != 'W')) {
            return reject(NmeaReject.MALFORMED_FIELD);
        }
        fix.latitudeDeg = ns == 'S' ? -lat : lat;
        fix.longitudeDeg = ew == 'W' ? -lon : lon;
        return OK;
    }

    /** (d)ddmm.mmmm to degrees, NaN if malformed or out of range. */
    private double degreesMinutes(int f, int maxDeg) {
        if (number(f) != OK || negative || scale > 14) {
            return Double.NaN;
        }
        long unitsPerDegree = 100 * LPOW10[scale];
        long deg = mant / unitsPerDegree;
        long minutes = mant % unitsPerDegree; // minutes * 10^scale
        if (deg > maxDeg || minutes >= 60 * LPOW10[scale] || (deg == maxDeg && minutes != 0)) {
            return Double.NaN;
        }
        return deg + minutes / (60.0 * POW10[scale]);
    }

    private double value() {
        double v = mant / POW10[scale];
        return negative ? -v : v;
    }

    /** Parses field f as [+-]digits[.digits] into mant/scale/negative. */
    private int number(int f) {
        mant = 0;
        scale = 0;
        negative = false;
        if (empty(f)) {
            return EMPTY;
        }
        int i = fieldStart[f], e = fieldEnd[f];
        if (body[i] == '-' || body[i] == '+') {
            negative = body[i] == '-';
            i++;
        }
        int digits = 0;
        boolean dot = false;
        long m = 0;
        int sc = 0;
        for (; i < e; i++) {
            int c = body[i];
            if (c >= '0' && c <= '9') {
                if (digits == 18) {
                    return BAD;
                }
                m = m * 10 + (c - '0');
                digits++;
                if (dot) {
                    sc++;
                }
            } else if (c == '.' && !dot) {
                dot = true;
            } else {
                return BAD;
            }
        }
        if (digits == 0) {
            return BAD;
        }
        mant = m;
        scale = sc;
        return OK;
    }
}
