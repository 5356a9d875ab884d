package io.afferent.drivers.nmea;

import io.afferent.api.msg.GpsFix;

/**
 * The body of the sentence being received ({@code $} and {@code *hh} excluded), its comma-separated fields
 * and the scanners that read a field in place: numbers, UTC time, date, (d)ddmm.mmmm angles. Nothing here
 * allocates.
 *
 * <p><b>Numbers</b> are parsed from the bytes into a {@code long} mantissa and a power-of-ten exponent:
 * latitude {@code ddmm.mmmm} becomes {@code dd + mantissa(mm.mmmm) / (60 * 10^k)}, one correctly rounded
 * division, so it agrees with gpsd far below 1e-6 degrees.
 *
 * <p>Single thread: the parser's (a source's reader thread).
 */
final class NmeaFields {
    /** Scanner results. */
    static final int EMPTY = 0, OK = 1, BAD = 2;

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

    private final byte[] body;
    private final int[] fieldStart;
    private final int[] fieldEnd;
    private int len;
    private int fields;

    // the result of number()
    private long mant;
    private int scale;
    private boolean negative;

    NmeaFields(int capacity) {
        body = new byte[capacity];
        fieldStart = new int[capacity + 1];
        fieldEnd = new int[capacity + 1];
    }

    void clear() {
        len = 0;
    }

    boolean full() {
        return len == body.length;
    }

    /** Appends a body byte; the caller checks {@link #full()} first. */
    void append(byte b) {
        body[len++] = b;
    }

    /** Splits the body on commas; field 0 is the address. */
    void split() {
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

    /** True if the address is a talker (two upper-case letters, not proprietary {@code P}) and a 3-letter type. */
    boolean standardAddress() {
        return fieldEnd[0] - fieldStart[0] == 5 && body[0] != 'P' && upper(body[0]) && upper(body[1]);
    }

    /** The sentence type of a {@link #standardAddress()}, packed as {@link NmeaParser#pack3}. */
    int sentenceType() {
        return (body[2] << 16) | (body[3] << 8) | body[4];
    }

    /** The talker of a {@link #standardAddress()}, packed as {@link GpsFix#talker} stores it. */
    int talker() {
        return (body[0] << 8) | body[1];
    }

    private static boolean upper(byte b) {
        return b >= 'A' && b <= 'Z';
    }

    /** Fields in the sentence, the address included. */
    int count() {
        return fields;
    }

    boolean empty(int f) {
        return f >= fields || fieldStart[f] == fieldEnd[f];
    }

    /** The first byte of field f, or 0 if it is empty. */
    byte firstByte(int f) {
        return empty(f) ? 0 : body[fieldStart[f]];
    }

    /** True if field f is exactly one byte long. */
    boolean singleByte(int f) {
        return fieldEnd[f] - fieldStart[f] == 1;
    }

    /** The mantissa of the last {@link #number}. */
    long mantissa() {
        return mant;
    }

    /** Digits after the point in the last {@link #number}. */
    int scale() {
        return scale;
    }

    /** True if the last {@link #number} had a minus sign. */
    boolean negative() {
        return negative;
    }

    /** The last {@link #number} as a double. */
    double value() {
        double v = mant / POW10[scale];
        return negative ? -v : v;
    }

    /** Parses field f as [+-]digits[.digits] into mantissa/scale/negative. */
    int number(int f) {
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

    /** hhmmss[.s...] at field f into fix.utcMillisOfDay. */
    int time(int f, GpsFix fix) {
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

    /** ddmmyy at field f into fix.utcDate as yyyymmdd (years 80-99 are 19xx, as the two-digit field cannot say). */
    int date(int f, GpsFix fix) {
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

    /** (d)ddmm.mmmm at field f to degrees, NaN if malformed or above {@code maxDeg}. */
    double degreesMinutes(int f, int maxDeg) {
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
}
