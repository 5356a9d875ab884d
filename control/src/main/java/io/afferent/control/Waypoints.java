package io.afferent.control;

import io.afferent.api.PortableMath;
import io.afferent.api.ConfigError;
import io.afferent.api.Params;

/**
 * The {@code waypoints} of a follower's params: each {@code {east_m: E, north_m: N}} (metres from the local origin,
 * the frame of {@code pose}) or {@code {lat: DEG, lon: DEG}}. Geographic ones are placed in the local frame when the
 * first pose that knows its own latitude/longitude arrives, with the equirectangular approximation around that
 * pose (error under 1 cm for legs of a few hundred metres, far below a GPS's). Set-up and stage thread.
 */
final class Waypoints {
    /** Mean Earth radius (IUGG), metres. */
    static final double EARTH_RADIUS_M = 6_371_008.8;
    static final String ITEM = "a waypoint such as {east_m: 10, north_m: 0} or {lat: 48.137, lon: 11.575}";

    final double[] x;
    final double[] y;
    private final double[] latDeg;
    private final double[] lonDeg;
    private final boolean[] geographic;
    private boolean placed;

    private Waypoints(int n) {
        x = new double[n];
        y = new double[n];
        latDeg = new double[n];
        lonDeg = new double[n];
        geographic = new boolean[n];
    }

    static Waypoints of(Params params) throws ConfigError {
        var items = params.maps("waypoints", ITEM);
        if (items.isEmpty()) {
            throw params.error("waypoints", "waypoints: expected a list of one or more of " + ITEM);
        }
        Waypoints w = new Waypoints(items.size());
        boolean anyGeo = false;
        for (int i = 0; i < items.size(); i++) {
            Params p = items.get(i);
            if (p.has("lat") || p.has("lon")) {
                w.latDeg[i] = p.number("lat", Double.NaN, -90, 90);
                w.lonDeg[i] = p.number("lon", Double.NaN, -180, 180);
                if (Double.isNaN(w.latDeg[i]) || Double.isNaN(w.lonDeg[i])) {
                    throw p.error(p.has("lat") ? "lon" : "lat", "a geographic waypoint needs both lat and lon (degrees)");
                }
                w.geographic[i] = true;
                anyGeo = true;
            } else {
                if (!p.has("east_m") || !p.has("north_m")) {
                    throw p.error(p.has("east_m") ? "north_m" : "east_m", "expected " + ITEM);
                }
                w.x[i] = p.number("east_m", 0, -1e7, 1e7);
                w.y[i] = p.number("north_m", 0, -1e7, 1e7);
            }
            p.rejectUnknownKeys();
        }
        w.placed = !anyGeo;
        return w;
    }

    /** Whether every waypoint is in the local frame (always, when none is geographic). */
    boolean placed() {
        return placed;
    }

    /**
     * Places the geographic waypoints relative to a pose at local (px, py) that is at (latDeg, lonDeg). Returns
     * whether they are placed now (false while the pose has no latitude/longitude).
     */
    boolean place(double px, double py, double poseLatDeg, double poseLonDeg) {
        if (placed) {
            return true;
        }
        if (Double.isNaN(poseLatDeg) || Double.isNaN(poseLonDeg)) {
            return false;
        }
        double cosLat = PortableMath.cos(Math.toRadians(poseLatDeg));
        for (int i = 0; i < x.length; i++) {
            if (geographic[i]) {
                x[i] = px + Math.toRadians(lonDeg[i] - poseLonDeg) * cosLat * EARTH_RADIUS_M;
                y[i] = py + Math.toRadians(latDeg[i] - poseLatDeg) * EARTH_RADIUS_M;
            }
        }
        placed = true;
        return true;
    }
}
