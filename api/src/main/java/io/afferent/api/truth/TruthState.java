package io.afferent.api.truth;

/**
 * The true state of the robot at one instant. A mutable holder filled by {@link GroundTruth#truthAt};
 * each thread uses its own. Frames: local ENU around the origin (x east, y north, z up); body FLU
 * (x forward, y left, z up). Heading is counter-clockwise from east; roll is positive with the left side
 * up, pitch positive nose up.
 */
public final class TruthState {
    public long timeNanos;
    /** Seconds since the origin. */
    public double timeS;
    public double eastM, northM, upM;
    public double latitudeDeg, longitudeDeg, altitudeM;
    /** Heading counter-clockwise from east, wrapped to [-pi, pi). */
    public double headingRad;
    /** Heading without wrapping (continuous through full turns). */
    public double headingUnwrappedRad;
    /** Course over ground clockwise from north, [0, 360). */
    public double courseDeg;
    public double speedMps;
    public double velocityEastMps, velocityNorthMps;
    /** Acceleration along the track (rate of change of speed). */
    public double alongTrackAccelMps2;
    /** Yaw rate, counter-clockwise positive. */
    public double turnRateRadS;
    public double rollRad, pitchRad;
    /** Distance rolled by each wheel since the start (negative backwards). */
    public double leftTravelM, rightTravelM;
    /** Body axes expressed in ENU: forward (x), left (y), up (z) unit vectors. */
    public double xbE, xbN, xbU, ybE, ybN, ybU, zbE, zbN, zbU;

    /** Copies every field of {@code o}. */
    public void copyFrom(TruthState o) {
        timeNanos = o.timeNanos; timeS = o.timeS;
        eastM = o.eastM; northM = o.northM; upM = o.upM;
        latitudeDeg = o.latitudeDeg; longitudeDeg = o.longitudeDeg; altitudeM = o.altitudeM;
        headingRad = o.headingRad; headingUnwrappedRad = o.headingUnwrappedRad; courseDeg = o.courseDeg;
        speedMps = o.speedMps; velocityEastMps = o.velocityEastMps; velocityNorthMps = o.velocityNorthMps;
        alongTrackAccelMps2 = o.alongTrackAccelMps2; turnRateRadS = o.turnRateRadS;
        rollRad = o.rollRad; pitchRad = o.pitchRad;
        leftTravelM = o.leftTravelM; rightTravelM = o.rightTravelM;
        xbE = o.xbE; xbN = o.xbN; xbU = o.xbU; ybE = o.ybE; ybN = o.ybN; ybU = o.ybU;
        zbE = o.zbE; zbN = o.zbN; zbU = o.zbU;
    }
}
