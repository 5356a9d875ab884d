package io.afferent.fusion;

import io.afferent.api.PortableMath;

/**
 * Latitude/longitude to a local east-north tangent plane around an origin (equirectangular: exact
 * enough within a few kilometres of the origin, and cheap). Single thread: the stage thread.
 */
final class LocalFrame {
    static final double EARTH_RADIUS_M = 6_371_008.8;

    private boolean set;
    private double latDeg;
    private double lonDeg;
    private double metresPerDegLat;
    private double metresPerDegLon;

    void setOrigin(double originLatDeg, double originLonDeg) {
        latDeg = originLatDeg;
        lonDeg = originLonDeg;
        metresPerDegLat = Math.toRadians(1) * EARTH_RADIUS_M;
        metresPerDegLon = metresPerDegLat * PortableMath.cos(Math.toRadians(originLatDeg));
        set = true;
    }

    boolean isSet() {
        return set;
    }

    void clear() {
        set = false;
    }

    double east(double lonDegrees) {
        double d = lonDegrees - lonDeg;
        if (d > 180) d -= 360;
        else if (d < -180) d += 360;
        return d * metresPerDegLon;
    }

    double north(double latDegrees) {
        return (latDegrees - latDeg) * metresPerDegLat;
    }

    double latitudeDeg(double northM) {
        return set ? latDeg + northM / metresPerDegLat : Double.NaN;
    }

    double longitudeDeg(double eastM) {
        return set ? lonDeg + eastM / metresPerDegLon : Double.NaN;
    }
}
