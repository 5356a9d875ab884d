package io.afferent.fusion.score;

import io.afferent.api.PortableMath;

/**
 * A local east-north frame (spherical, equirectangular) around a reference latitude/longitude, set by the
 * first position it is given: where the estimates and the truth are compared when both come as latitude and
 * longitude. Single thread: its owner's.
 */
final class ScoringFrame {
    private static final double EARTH_RADIUS_M = 6_371_008.8;

    private boolean set;
    private double refLatRad;
    private double refLonRad;
    private double cosRefLat;

    /** Takes {@code latDeg, lonDeg} as the reference unless one is set already. */
    void referenceOnce(double latDeg, double lonDeg) {
        if (!set) {
            refLatRad = Math.toRadians(latDeg);
            refLonRad = Math.toRadians(lonDeg);
            cosRefLat = PortableMath.cos(refLatRad);
            set = true;
        }
    }

    double east(double lonDeg) {
        return (Math.toRadians(lonDeg) - refLonRad) * cosRefLat * EARTH_RADIUS_M;
    }

    double north(double latDeg) {
        return (Math.toRadians(latDeg) - refLatRad) * EARTH_RADIUS_M;
    }
}
