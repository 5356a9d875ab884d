package io.afferent.sim.sensor;

/**
 * What a simulated receiver reports for one epoch, before it is written as NMEA or as a GpsFix.
 * Mutable holder; single thread.
 */
public final class GpsEpoch {
    /** UTC of the epoch: days since 1970-01-01 and milliseconds of the day. */
    public long utcEpochDay;
    public int utcMillisOfDay;
    /** 0 no fix, 1 GPS fix. */
    public int quality;
    public int satellites;
    public double hdop;
    public double latitudeDeg;
    public double longitudeDeg;
    public double altitudeM;
    public double speedMps;
    /** Course over ground, degrees clockwise from north; NaN when too slow to tell (left empty in NMEA). */
    public double courseDeg;
}
