package io.afferent.api.msg;

import io.afferent.api.MessageType;
import io.afferent.api.Unit;

/**
 * GPS payload, as decoded from NMEA 0183 or produced by a simulated receiver. Fields not carried by
 * the sentence that produced the sample are left as they were cleared; {@link #validMask} says which
 * are set.
  *
 * <p>Message type {@code gps-fix}. ROS 2: sensor_msgs/msg/NavSatFix: latitude, longitude, altitude; status from fixQuality; position_covariance diagonal from HDOP; speed and course over ground go to geometry_msgs/msg/TwistWithCovarianceStamped.
 */
public final class GpsFix {
    public static final MessageType<GpsFix> TYPE = MessageType.of("gps-fix", GpsFix.class);

    public static final int TIME = 1;
    public static final int POSITION = 1 << 1;
    public static final int ALTITUDE = 1 << 2;
    public static final int VELOCITY = 1 << 3;
    public static final int QUALITY = 1 << 4;
    public static final int DOP = 1 << 5;
    public static final int SATELLITES = 1 << 6;
    public static final int DATE = 1 << 7;

    /** GGA fix quality: 0 invalid, 1 GPS, 2 DGPS, 4 RTK fixed, 5 RTK float, 6 estimated. */
    public static final int QUALITY_INVALID = 0;

    public int validMask;
    /** Milliseconds since UTC midnight of the fix's time of validity. */
    @Unit("ms") public int utcMillisOfDay;
    /** UTC date as yyyymmdd, or 0 when not known. */
    public int utcDate;
    @Unit("deg") public double latitudeDeg;
    @Unit("deg") public double longitudeDeg;
    /** Altitude above mean sea level. */
    @Unit("m") public double altitudeM;
    @Unit("m/s") public double speedMps;
    @Unit("deg") public double courseDeg;
    public int fixQuality;
    /** 1 no fix, 2 2D, 3 3D (NMEA GSA / gpsd convention); 0 when not known. */
    public int fixMode;
    public int satellites;
    public double hdop;
    /** Which sentence produced this sample, as its three-letter type packed into an int ('G'<<16|'G'<<8|'A'). */
    public int sentenceType;
    /** Talker id packed into an int ('G'<<8|'P'). */
    public int talker;

    public void clear() {
        validMask = 0;
        utcMillisOfDay = 0;
        utcDate = 0;
        latitudeDeg = longitudeDeg = altitudeM = 0;
        speedMps = courseDeg = 0;
        fixQuality = fixMode = satellites = 0;
        hdop = 0;
        sentenceType = talker = 0;
    }

    public void copyFrom(GpsFix o) {
        validMask = o.validMask;
        utcMillisOfDay = o.utcMillisOfDay;
        utcDate = o.utcDate;
        latitudeDeg = o.latitudeDeg;
        longitudeDeg = o.longitudeDeg;
        altitudeM = o.altitudeM;
        speedMps = o.speedMps;
        courseDeg = o.courseDeg;
        fixQuality = o.fixQuality;
        fixMode = o.fixMode;
        satellites = o.satellites;
        hdop = o.hdop;
        sentenceType = o.sentenceType;
        talker = o.talker;
    }

    public boolean has(int bits) {
        return (validMask & bits) == bits;
    }
}
