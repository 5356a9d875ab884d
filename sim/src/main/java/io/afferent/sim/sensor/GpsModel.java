package io.afferent.sim.sensor;

import io.afferent.api.truth.GroundTruth;
import io.afferent.api.truth.TruthState;
import io.afferent.sim.world.Geo;

/**
 * A hobby GPS receiver (u-blox NEO-6M class): truth plus a slowly wandering bias (first-order
 * Gauss-Markov per axis), white noise scaled by HDOP, occasional multipath jumps (an offset held for a few
 * seconds), and random fix losses after which satellites are reacquired one by one (HDOP high at first).
 * State is stepped once per epoch index. Single thread.
 */
public final class GpsModel {
    /**
     * Defaults: 0.8 m white, 1.5 m bias with a 60 s correlation time (about 2.5 m CEP), a multipath jump
     * of ~8 m every 3 minutes on average for 2-10 s, a fix loss every 10 minutes on average for 5-30 s, 9
     * satellites on average, course left empty below 0.15 m/s.
     */
    public record Params(double whiteSigmaM, double biasSigmaM, double biasTauS, double verticalFactor,
                         double multipathPerS, double multipathM, double outagePerS, double outageMinS,
                         double outageMaxS, double meanSatellites, double speedSigmaMps, double minCourseSpeedMps,
                         long utcStartEpochMillis) {
        public static Params defaults() {
            return new Params(0.8, 1.5, 60, 1.8, 1.0 / 180, 8, 1.0 / 600, 5, 30, 9, 0.05, 0.15,
                    1_748_779_200_000L); // 2025-06-01T12:00:00Z
        }
    }

    private final GroundTruth world;
    private final Geo geo;
    private final long seed;
    private final long stream;
    private final Params p;
    private final long periodNanos;
    private final double dt;
    private final double phi;
    private final double drive;
    private final TruthState truth = new TruthState();
    private long steppedTo = -1;
    private double biasE, biasN, biasU;
    private double mpLeftS, mpE, mpN;
    private double outageLeftS;
    private double sinceFixS = 1e9;
    private double satsF;

    public GpsModel(GroundTruth world, Geo geo, long seed, String name, long periodNanos, Params params) {
        this.world = world;
        this.geo = geo;
        this.seed = seed;
        this.stream = Noise.stream(name);
        this.p = params;
        this.periodNanos = periodNanos;
        this.dt = periodNanos * 1e-9;
        this.phi = Math.exp(-dt / params.biasTauS());
        this.drive = Math.sqrt(1 - phi * phi);
        biasE = p.biasSigmaM() * Noise.gaussian(seed, stream, -1, 0);
        biasN = p.biasSigmaM() * Noise.gaussian(seed, stream, -1, 1);
        biasU = p.biasSigmaM() * p.verticalFactor() * Noise.gaussian(seed, stream, -1, 2);
        satsF = p.meanSatellites();
    }

    public Params params() {
        return p;
    }

    private void step(long j) {
        biasE = phi * biasE + drive * p.biasSigmaM() * Noise.gaussian(seed, stream, j, 0);
        biasN = phi * biasN + drive * p.biasSigmaM() * Noise.gaussian(seed, stream, j, 1);
        biasU = phi * biasU + drive * p.biasSigmaM() * p.verticalFactor() * Noise.gaussian(seed, stream, j, 2);
        // Satellites in use wander around their mean (mean-reverting, a minute's time constant).
        satsF += (p.meanSatellites() - satsF) * dt / 60 + 0.15 * Math.sqrt(dt) * Noise.gaussian(seed, stream, j, 3);
        if (mpLeftS > 0) {
            mpLeftS -= dt;
        } else if (Noise.uniform(seed, stream, j, 20) < p.multipathPerS() * dt) {
            mpLeftS = 2 + 8 * Noise.uniform(seed, stream, j, 21);
            double dir = 2 * Math.PI * Noise.uniform(seed, stream, j, 22);
            double mag = p.multipathM() * (0.5 + Noise.uniform(seed, stream, j, 23));
            mpE = mag * Math.cos(dir);
            mpN = mag * Math.sin(dir);
        }
        if (outageLeftS > 0) {
            outageLeftS -= dt;
            if (outageLeftS <= 0) {
                sinceFixS = 0;
            }
        } else {
            sinceFixS += dt;
            if (j > 0 && Noise.uniform(seed, stream, j, 24) < p.outagePerS() * dt) {
                outageLeftS = p.outageMinS() + (p.outageMaxS() - p.outageMinS()) * Noise.uniform(seed, stream, j, 25);
            }
        }
    }

    /** Fills {@code out} with epoch {@code index} at clock time {@code timeNanos}. */
    public void epoch(long index, long timeNanos, GpsEpoch out) {
        while (steppedTo < index) {
            step(++steppedTo);
        }
        long utcMillis = p.utcStartEpochMillis() + Math.floorDiv(timeNanos - world.originNanos(), 1_000_000L);
        utcMillis -= Math.floorMod(utcMillis, 10); // NMEA carries hundredths of a second
        out.utcEpochDay = Math.floorDiv(utcMillis, 86_400_000L);
        out.utcMillisOfDay = (int) Math.floorMod(utcMillis, 86_400_000L);
        if (outageLeftS > 0) {
            out.quality = 0;
            out.satellites = (int) Math.floor(3 * Noise.uniform(seed, stream, index, 30));
            out.hdop = 99.99;
            out.latitudeDeg = out.longitudeDeg = out.altitudeM = 0;
            out.speedMps = 0;
            out.courseDeg = Double.NaN;
            return;
        }
        double sats = Math.max(4, Math.min(14, satsF));
        sats = Math.min(sats, 4 + sinceFixS * 0.5); // reacquisition: about one satellite every 2 s
        int n = (int) Math.round(sats);
        double hdop = Math.max(0.5, 0.3 + 5.0 / n + 0.03 * Noise.gaussian(seed, stream, index, 31));
        hdop = Math.round(hdop * 100) / 100.0;
        world.truthAt(timeNanos, truth);
        double white = p.whiteSigmaM() * hdop;
        double mp = mpLeftS > 0 ? 1 : 0;
        double e = truth.eastM + biasE + mp * mpE + white * Noise.gaussian(seed, stream, index, 32);
        double nn = truth.northM + biasN + mp * mpN + white * Noise.gaussian(seed, stream, index, 33);
        double u = truth.upM + biasU + white * p.verticalFactor() * Noise.gaussian(seed, stream, index, 34);
        out.quality = 1;
        out.satellites = n;
        out.hdop = hdop;
        out.latitudeDeg = geo.latitudeDeg(nn);
        out.longitudeDeg = geo.longitudeDeg(e);
        out.altitudeM = geo.originAltM() + u;
        double ve = truth.velocityEastMps + p.speedSigmaMps() * Noise.gaussian(seed, stream, index, 35);
        double vn = truth.velocityNorthMps + p.speedSigmaMps() * Noise.gaussian(seed, stream, index, 36);
        out.speedMps = Math.hypot(ve, vn);
        if (out.speedMps < p.minCourseSpeedMps()) {
            out.courseDeg = Double.NaN;
        } else {
            double c = Math.toDegrees(Math.atan2(ve, vn));
            out.courseDeg = c < 0 ? c + 360 : c;
        }
    }

    public long periodNanos() {
        return periodNanos;
    }
}
