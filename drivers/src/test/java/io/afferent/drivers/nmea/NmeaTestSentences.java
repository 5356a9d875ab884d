package io.afferent.drivers.nmea;

/** Sentences for tests in other packages. */
public final class NmeaTestSentences {
    private NmeaTestSentences() {
    }

    /** A valid GGA whose UTC time is {@code seconds} after midnight. */
    public static String gga(int seconds) {
        String time = String.format("%02d%02d%02d.00", seconds / 3600, seconds / 60 % 60, seconds % 60);
        return Nmea.sentence("GNGGA," + time + ",4404.14063,N,12118.85478,W,1,12,0.91,1147.2,M,-21.3,M,,");
    }
}
