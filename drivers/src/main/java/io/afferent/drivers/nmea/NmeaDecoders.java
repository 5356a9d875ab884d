package io.afferent.drivers.nmea;

import static io.afferent.drivers.nmea.NmeaFields.BAD;
import static io.afferent.drivers.nmea.NmeaFields.EMPTY;
import static io.afferent.drivers.nmea.NmeaFields.OK;
import static io.afferent.drivers.nmea.NmeaParser.DECODED;
import static io.afferent.drivers.nmea.NmeaParser.FIX;
import static io.afferent.drivers.nmea.NmeaParser.REJECTED;
import static io.afferent.drivers.nmea.NmeaParser.UNKNOWN;

import io.afferent.api.msg.GpsFix;

/**
 * The per-sentence decoders (GGA, RMC, VTG, GSA, GSV) over a checksummed, split {@link NmeaFields}, and the
 * state carried from one sentence to the next (pending VTG velocity, latest GSA mode, latest RMC date, GSV
 * satellites in view). What each sentence contributes is described on {@link NmeaParser}.
 *
 * <p>Single thread: the parser's (a source's reader thread).
 */
final class NmeaDecoders {
    private static final double KNOTS_TO_MPS = 1852.0 / 3600.0;
    private static final double KMH_TO_MPS = 1000.0 / 3600.0;

    private final NmeaFields in;
    private final GpsFix fix;
    private NmeaReject rejectReason;

    private boolean vtgPending;
    private double vtgSpeedMps;
    private double vtgCourseDeg;
    private int gsaFixMode;
    private double gsaHdop = Double.NaN;
    private int rmcTimeMs = -1;
    private int rmcDate;
    private int satellitesInView;

    NmeaDecoders(NmeaFields in, GpsFix fix) {
        this.in = in;
        this.fix = fix;
    }

    /**
     * Decodes a sentence of {@code type}: {@link NmeaParser#FIX} (into the fix), {@link NmeaParser#DECODED},
     * {@link NmeaParser#UNKNOWN} (a type not decoded) or {@link NmeaParser#REJECTED} ({@link #rejectReason()}).
     */
    int decode(int type) {
        int result;
        if (type == NmeaParser.TYPE_GGA) {
            result = gga();
        } else if (type == NmeaParser.TYPE_RMC) {
            result = rmc();
        } else if (type == NmeaParser.TYPE_VTG) {
            result = vtg();
        } else if (type == NmeaParser.TYPE_GSA) {
            result = gsa();
        } else if (type == NmeaParser.TYPE_GSV) {
            result = gsv();
        } else {
            return UNKNOWN;
        }
        if (result == FIX && gsaFixMode != 0) {
            fix.fixMode = gsaFixMode;
        }
        return result;
    }

    /** Why the last {@link #decode} returned {@link NmeaParser#REJECTED}. */
    NmeaReject rejectReason() {
        return rejectReason;
    }

    /** Satellites in view according to the latest GSV (of any talker). */
    int satellitesInView() {
        return satellitesInView;
    }

    /** Forgets the state carried for the next fix (GSA mode, pending VTG, RMC date). */
    void forgetCarriedState() {
        vtgPending = false;
        gsaFixMode = 0;
        gsaHdop = Double.NaN;
        rmcTimeMs = -1;
    }

    private int reject(NmeaReject why) {
        rejectReason = why;
        return REJECTED;
    }

    // GGA: 1 time, 2-5 lat N lon E, 6 quality, 7 sats, 8 hdop, 9 alt, 10 M, 11 sep, 12 M, 13 age, 14 station
    private int gga() {
        if (in.count() < 15) {
            return reject(NmeaReject.MISSING_FIELD);
        }
        fix.clear();
        int r = in.time(1, fix);
        if (r == BAD) {
            return reject(NmeaReject.MALFORMED_FIELD);
        }
        int quality = 0;
        r = in.number(6);
        if (r == BAD || (r == OK && (in.scale() != 0 || in.negative() || in.mantissa() > 9))) {
            return reject(NmeaReject.MALFORMED_FIELD);
        }
        if (r == OK) {
            quality = (int) in.mantissa();
            fix.fixQuality = quality;
            fix.validMask |= GpsFix.QUALITY;
        }
        int pos = position(2);
        if (pos == REJECTED) {
            return REJECTED;
        }
        r = in.number(7);
        if (r == BAD || (r == OK && (in.scale() != 0 || in.negative() || in.mantissa() > 99))) {
            return reject(NmeaReject.MALFORMED_FIELD);
        }
        if (r == OK) {
            fix.satellites = (int) in.mantissa();
            fix.validMask |= GpsFix.SATELLITES;
        }
        r = in.number(8);
        if (r == BAD || (r == OK && in.negative())) {
            return reject(NmeaReject.MALFORMED_FIELD);
        }
        if (r == OK) {
            fix.hdop = in.value();
            fix.validMask |= GpsFix.DOP;
        }
        r = in.number(9);
        if (r == BAD) {
            return reject(NmeaReject.MALFORMED_FIELD);
        }
        double alt = in.value();
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
    private int rmc() {
        if (in.count() < 10) {
            return reject(NmeaReject.MISSING_FIELD);
        }
        fix.clear();
        int r = in.time(1, fix);
        if (r == BAD) {
            return reject(NmeaReject.MALFORMED_FIELD);
        }
        byte status = in.firstByte(2);
        if (status != 0 && (status != 'A' && status != 'V' || !in.singleByte(2))) {
            return reject(NmeaReject.MALFORMED_FIELD);
        }
        int pos = position(3);
        if (pos == REJECTED) {
            return REJECTED;
        }
        byte mode = 0;
        if (!in.empty(12)) {
            mode = in.firstByte(12);
            int quality = modeToQuality(mode);
            if (quality < 0 || !in.singleByte(12)) {
                return reject(NmeaReject.MALFORMED_FIELD);
            }
            fix.fixQuality = quality;
            fix.validMask |= GpsFix.QUALITY;
        }
        r = in.number(7);
        if (r == BAD || (r == OK && in.negative())) {
            return reject(NmeaReject.MALFORMED_FIELD);
        }
        if (r == OK) {
            fix.speedMps = in.value() * KNOTS_TO_MPS;
            fix.courseDeg = Double.NaN;
            fix.validMask |= GpsFix.VELOCITY;
        }
        r = in.number(8);
        if (r == BAD) {
            return reject(NmeaReject.MALFORMED_FIELD);
        }
        if (r == OK && fix.has(GpsFix.VELOCITY)) {
            fix.courseDeg = in.value();
        }
        r = in.date(9, fix);
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

    /** The NMEA 2.3 mode indicator as a GGA quality, -1 if unknown. */
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
    private int vtg() {
        if (in.count() < 9) {
            return reject(NmeaReject.MISSING_FIELD);
        }
        int r = in.number(1);
        if (r == BAD) {
            return reject(NmeaReject.MALFORMED_FIELD);
        }
        double course = r == OK ? in.value() : Double.NaN;
        if (in.number(3) == BAD) {
            return reject(NmeaReject.MALFORMED_FIELD);
        }
        double speed;
        r = in.number(5);
        if (r == BAD || (r == OK && in.negative())) {
            return reject(NmeaReject.MALFORMED_FIELD);
        }
        if (r == OK) {
            speed = in.value() * KNOTS_TO_MPS;
        } else {
            r = in.number(7);
            if (r == BAD || (r == OK && in.negative())) {
                return reject(NmeaReject.MALFORMED_FIELD);
            }
            speed = r == OK ? in.value() * KMH_TO_MPS : Double.NaN;
        }
        if (!Double.isNaN(speed)) {
            vtgPending = true;
            vtgSpeedMps = speed;
            vtgCourseDeg = course;
        }
        return DECODED;
    }

    // GSA: 1 selection A/M, 2 mode 1/2/3, 3-14 PRNs, 15 PDOP, 16 HDOP, 17 VDOP, 18 system id (NMEA 4.1)
    private int gsa() {
        if (in.count() < 18) {
            return reject(NmeaReject.MISSING_FIELD);
        }
        int r = in.number(2);
        if (r == BAD || (r == OK && (in.scale() != 0 || in.mantissa() < 1 || in.mantissa() > 3))) {
            return reject(NmeaReject.MALFORMED_FIELD);
        }
        int mode = r == OK ? (int) in.mantissa() : 0;
        for (int f = 3; f <= 17; f++) {
            if (in.number(f) == BAD) {
                return reject(NmeaReject.MALFORMED_FIELD);
            }
        }
        r = in.number(16);
        gsaHdop = r == OK ? in.value() : Double.NaN;
        gsaFixMode = mode;
        return DECODED;
    }

    // GSV: 1 total messages, 2 message number, 3 satellites in view, then (PRN, elevation, azimuth, SNR)*, [signal id]
    private int gsv() {
        if (in.count() < 4) {
            return reject(NmeaReject.MISSING_FIELD);
        }
        for (int f = 1; f < in.count(); f++) {
            if (in.number(f) == BAD) {
                return reject(NmeaReject.MALFORMED_FIELD);
            }
        }
        if (in.number(3) == OK) {
            satellitesInView = (int) Math.min(in.mantissa(), 999);
        }
        return DECODED;
    }

    /**
     * Latitude at field {@code f} (ddmm.mmmm, hemisphere at f+1) and longitude at f+2 (dddmm.mmmm, f+3) into
     * the fix. Returns OK (both present), EMPTY (all four empty) or REJECTED (reason set).
     */
    private int position(int f) {
        boolean allEmpty = in.empty(f) && in.empty(f + 1) && in.empty(f + 2) && in.empty(f + 3);
        if (allEmpty) {
            return EMPTY;
        }
        if (in.empty(f) || in.empty(f + 1) || in.empty(f + 2) || in.empty(f + 3)) {
            return reject(NmeaReject.MISSING_FIELD);
        }
        double lat = in.degreesMinutes(f, 90);
        if (Double.isNaN(lat)) {
            return reject(NmeaReject.MALFORMED_FIELD);
        }
        double lon = in.degreesMinutes(f + 2, 180);
        if (Double.isNaN(lon)) {
            return reject(NmeaReject.MALFORMED_FIELD);
        }
        byte ns = in.firstByte(f + 1), ew = in.firstByte(f + 3);
        if (!in.singleByte(f + 1) || !in.singleByte(f + 3)
                || (ns != 'N' && ns != 'S') || (ew != 'E' && ew != 'W')) {
            return reject(NmeaReject.MALFORMED_FIELD);
        }
        fix.latitudeDeg = ns == 'S' ? -lat : lat;
        fix.longitudeDeg = ew == 'W' ? -lon : lon;
        return OK;
    }
}
