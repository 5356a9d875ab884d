package io.afferent.sim.world;

/**
 * Local ENU metres to WGS-84 latitude/longitude around an origin, with the ellipsoid's radii of
 * curvature at the origin (a tangent-plane approximation: centimetre-accurate over a few kilometres).
 * Immutable.
 */
public final class Geo {
    private static final double A = 6_378_137.0;
    private static final double F = 1 / 298.257223563;
    private static final double E2 = F * (2 - F);

    private final double originLatDeg;
    private final double originLonDeg;
    private final double originAltM;
    private final double metresPerDegLat;
    private final double metresPerDegLon;

    public Geo(double originLatDeg, double originLonDeg, double originAltM) {
        this.originLatDeg = originLatDeg;
        this.originLonDeg = originLonDeg;
        this.originAltM = originAltM;
        double lat = Math.toRadians(originLatDeg);
        double s = Math.sin(lat);
        double m = A * (1 - E2) / Math.pow(1 - E2 * s * s, 1.5);
        double n = A / Math.sqrt(1 - E2 * s * s);
        this.metresPerDegLat = Math.toRadians(1) * (m + originAltM);
        this.metresPerDegLon = Math.toRadians(1) * (n + originAltM) * Math.cos(lat);
    }

    public double originLatDeg() { return originLatDeg; }
    public double originLonDeg() { return originLonDeg; }
    public double originAltM() { return originAltM; }
    public double metresPerDegLat() { return metresPerDegLat; }
    public double metresPerDegLon() { return metresPerDegLon; }

    public double latitudeDeg(double northM) { return originLatDeg + northM / metresPerDegLat; }
    public double longitudeDeg(double eastM) { return originLonDeg + eastM / metresPerDegLon; }
    public double northM(double latitudeDeg) { return (latitudeDeg - originLatDeg) * metresPerDegLat; }
    public double eastM(double longitudeDeg) { return (longitudeDeg - originLonDeg) * metresPerDegLon; }
}
