package io.afferent.sim.protocol;

import io.afferent.api.msg.GpsFix;
import io.afferent.sim.sensor.GpsEpoch;

/**
 * Writes a simulated receiver's epoch as NMEA 0183 sentences (RMC, VTG, GGA, in the order u-blox receivers
 * send them, each with its checksum and CR LF), and fills a {@link GpsFix} exactly as a parser fills it
 * from that epoch's GGA (which carries the RMC's date and the VTG's speed and course). Both go through the
 * same quantisation (minutes to 5 decimals, about 2 cm), so the simulated source and a driver reading the
 * served stream see the same numbers. Allocation-free; an instance is single-thread (its buffer).
 */
public final class Nmea0183 {
    /** Longest epoch written (three sentences of at most 82 characters). */
    public static final int MAX_EPOCH_BYTES = 3 * 82;
    private static final double KNOTS_TO_MPS = 1852.0 / 3600.0;
    private static final long MINUTE_UNITS = 100_000; // 5 decimals of a minute
    private static final int TALKER = ('G' << 8) | 'P';
    private static final int TYPE_GGA = ('G' << 16) | ('G' << 8) | 'A';

    private final byte[] buf = new byte[MAX_EPOCH_BYTES + 16];
    private int pos;

    /** The bytes written by the last {@link #encode}. */
    public byte[] buffer() {
        return buf;
    }

    /** Writes RMC, VTG and GGA for {@code e} into {@link #buffer()}; returns the byte count. */
    public int encode(GpsEpoch e) {
        pos = 0;
        boolean fix = e.quality > 0;
        boolean course = fix && !Double.isNaN(e.courseDeg);
        // $GPRMC,time,status,lat,N,lon,E,speed kn,course,date,magvar,E/W,mode
        int start = begin("GPRMC");
        time(e.utcMillisOfDay);
        put(',');
        put(fix ? 'A' : 'V');
        put(',');
        position(e, fix);
        put(',');
        if (fix) fixed(knotsMant(e.speedMps), 3);
        put(',');
        if (course) fixed(courseMant(e.courseDeg), 2);
        put(',');
        date(e.utcEpochDay);
        put(",,,");
        put(fix ? 'A' : 'N');
        end(start);
        // $GPVTG,course,T,,M,speed kn,N,speed km/h,K,mode
        start = begin("GPVTG");
        if (course) fixed(courseMant(e.courseDeg), 2);
        put(",T,,M,");
        if (fix) fixed(knotsMant(e.speedMps), 3);
        put(",N,");
        if (fix) fixed(Math.round(e.speedMps * 3.6 * 1000), 3);
        put(",K,");
        put(fix ? 'A' : 'N');
        end(start);
        // $GPGGA,time,lat,N,lon,E,quality,sats,hdop,alt,M,sep,M,age,station
        start = begin("GPGGA");
        time(e.utcMillisOfDay);
        put(',');
        position(e, fix);
        put(',');
        digit(e.quality);
        put(',');
        digit(e.satellites / 10);
        digit(e.satellites % 10);
        put(',');
        fixed(Math.round(e.hdop * 100), 2);
        put(',');
        if (fix) fixed(Math.round(e.altitudeM * 10), 1);
        put(",M,");
        if (fix) fixed(470, 1);
        put(",M,,");
        end(start);
        return pos;
    }

    /** Fills {@code g} (cleared first) as a parser fills the GGA fix of the epoch written by {@link #encode}. */
    public static void fillAsGga(GpsEpoch e, GpsFix g) {
        g.clear();
        boolean fix = e.quality > 0;
        g.utcMillisOfDay = e.utcMillisOfDay - e.utcMillisOfDay % 10;
        g.fixQuality = e.quality;
        g.satellites = e.satellites;
        g.hdop = Math.round(e.hdop * 100) / 100.0;
        g.utcDate = yyyymmdd(e.utcEpochDay);
        g.validMask = GpsFix.TIME | GpsFix.QUALITY | GpsFix.SATELLITES | GpsFix.DOP | GpsFix.DATE;
        if (fix) {
            g.latitudeDeg = quantizedDegrees(e.latitudeDeg);
            g.longitudeDeg = quantizedDegrees(e.longitudeDeg);
            g.altitudeM = Math.round(e.altitudeM * 10) / 10.0;
            g.speedMps = knotsMant(e.speedMps) / 1000.0 * KNOTS_TO_MPS;
            g.courseDeg = Double.isNaN(e.courseDeg) ? Double.NaN : courseMant(e.courseDeg) / 100.0;
            g.validMask |= GpsFix.POSITION | GpsFix.ALTITUDE | GpsFix.VELOCITY;
        }
        g.sentenceType = TYPE_GGA;
        g.talker = TALKER;
    }

    /** Degrees as written to 5 decimals of a minute and read back. */
    public static double quantizedDegrees(double deg) {
        long units = Math.round(Math.abs(deg) * 60 * MINUTE_UNITS);
        double v = units / (60 * MINUTE_UNITS) + (units % (60 * MINUTE_UNITS)) / (60.0 * MINUTE_UNITS);
        return deg < 0 ? -v : v;
    }

    private static long knotsMant(double mps) {
        return Math.round(mps / KNOTS_TO_MPS * 1000);
    }

    private static long courseMant(double deg) {
        long c = Math.round(deg * 100);
        return c >= 36000 ? c - 36000 : c;
    }

    private int begin(String address) {
        put('$');
        int start = pos;
        for (int i = 0; i < address.length(); i++) {
            put(address.charAt(i));
        }
        put(',');
        return start;
    }

    private void end(int start) {
        int sum = 0;
        for (int i = start; i < pos; i++) {
            sum ^= buf[i];
        }
        put('*');
        put(hex(sum >> 4));
        put(hex(sum & 0xf));
        put('\r');
        put('\n');
    }

    private static char hex(int v) {
        return (char) (v < 10 ? '0' + v : 'A' + v - 10);
    }

    private void position(GpsEpoch e, boolean fix) {
        if (!fix) {
            put(",,,");
            return;
        }
        angle(e.latitudeDeg, 2);
        put(',');
        put(e.latitudeDeg < 0 ? 'S' : 'N');
        put(',');
        angle(e.longitudeDeg, 3);
        put(',');
        put(e.longitudeDeg < 0 ? 'W' : 'E');
    }

    private void angle(double deg, int degDigits) {
        long units = Math.round(Math.abs(deg) * 60 * MINUTE_UNITS);
        long d = units / (60 * MINUTE_UNITS);
        long minUnits = units % (60 * MINUTE_UNITS);
        padded(d, degDigits);
        padded(minUnits / MINUTE_UNITS, 2);
        put('.');
        padded(minUnits % MINUTE_UNITS, 5);
    }

    private void time(int millisOfDay) {
        int cs = millisOfDay / 10;
        padded(cs / 360_000, 2);
        padded(cs / 6_000 % 60, 2);
        padded(cs / 100 % 60, 2);
        put('.');
        padded(cs % 100, 2);
    }

    private void date(long epochDay) {
        int ymd = yyyymmdd(epochDay);
        padded(ymd % 100, 2);
        padded(ymd / 100 % 100, 2);
        padded(ymd / 10000 % 100, 2);
    }

    /** Civil date of a day count since 1970-01-01 (H. Hinnant's algorithm), as yyyymmdd. */
    public static int yyyymmdd(long epochDay) {
        long z = epochDay + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long y = yoe + era * 400;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        long d = doy - (153 * mp + 2) / 5 + 1;
        long m = mp < 10 ? mp + 3 : mp - 9;
        return (int) ((y + (m <= 2 ? 1 : 0)) * 10_000 + m * 100 + d);
    }

    /** A fixed-point number {@code mant / 10^decimals}, with a sign. */
    private void fixed(long mant, int decimals) {
        if (mant < 0) {
            put('-');
            mant = -mant;
        }
        long p = 1;
        for (int i = 0; i < decimals; i++) p *= 10;
        unsigned(mant / p);
        if (decimals > 0) {
            put('.');
            padded(mant % p, decimals);
        }
    }

    private void unsigned(long v) {
        long p = 1;
        while (p * 10 <= v) p *= 10;
        for (; p > 0; p /= 10) digit((int) (v / p % 10));
    }

    private void padded(long v, int width) {
        long p = 1;
        for (int i = 1; i < width; i++) p *= 10;
        for (; p > 0; p /= 10) digit((int) (v / p % 10));
    }

    private void digit(int d) {
        buf[pos++] = (byte) ('0' + d);
    }

    private void put(char c) {
        buf[pos++] = (byte) c;
    }

    private void put(String s) {
        for (int i = 0; i < s.length(); i++) {
            buf[pos++] = (byte) s.charAt(i);
        }
    }
}
