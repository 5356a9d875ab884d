package io.afferent.sim.world;

/** A rectangular field with walls, in local ENU metres. Immutable. */
public record Field(double minEastM, double maxEastM, double minNorthM, double maxNorthM) {
    public Field {
        if (!(maxEastM > minEastM && maxNorthM > minNorthM)) {
            throw new IllegalArgumentException("empty field: " + this);
        }
    }

    /** A field of {@code widthM} (east) by {@code lengthM} (north) centred on the origin. */
    public static Field centred(double widthM, double lengthM) {
        return new Field(-widthM / 2, widthM / 2, -lengthM / 2, lengthM / 2);
    }

    public boolean contains(double eastM, double northM, double marginM) {
        return eastM >= minEastM + marginM && eastM <= maxEastM - marginM
                && northM >= minNorthM + marginM && northM <= maxNorthM - marginM;
    }

    /**
     * Distance from a point inside the field along direction {@code dirRad} (counter-clockwise from east)
     * to the first wall; {@link Double#POSITIVE_INFINITY} if the point is outside.
     */
    public double rayDistanceM(double eastM, double northM, double dirRad) {
        if (!contains(eastM, northM, 0)) {
            return Double.POSITIVE_INFINITY;
        }
        double dx = Math.cos(dirRad);
        double dy = Math.sin(dirRad);
        double best = Double.POSITIVE_INFINITY;
        if (dx > 1e-12) best = Math.min(best, (maxEastM - eastM) / dx);
        if (dx < -1e-12) best = Math.min(best, (minEastM - eastM) / dx);
        if (dy > 1e-12) best = Math.min(best, (maxNorthM - northM) / dy);
        if (dy < -1e-12) best = Math.min(best, (minNorthM - northM) / dy);
        return best;
    }

    /** Angle between the ray and the normal of the wall it hits first, in [0, pi/2]. */
    public double incidenceRad(double eastM, double northM, double dirRad) {
        double dx = Math.cos(dirRad);
        double dy = Math.sin(dirRad);
        double tx = Math.abs(dx) > 1e-12 ? ((dx > 0 ? maxEastM : minEastM) - eastM) / dx : Double.POSITIVE_INFINITY;
        double ty = Math.abs(dy) > 1e-12 ? ((dy > 0 ? maxNorthM : minNorthM) - northM) / dy : Double.POSITIVE_INFINITY;
        return tx <= ty ? Math.acos(Math.min(1, Math.abs(dx))) : Math.acos(Math.min(1, Math.abs(dy)));
    }
}
