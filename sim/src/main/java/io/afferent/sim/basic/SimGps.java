package io.afferent.sim.basic;

import io.afferent.runtime.sample.GpsFix;
import io.afferent.runtime.sample.Sample;
import io.afferent.runtime.sample.SampleKind;
import io.afferent.runtime.source.PeriodicSource;

import java.util.SplittableRandom;

/** A simulated GPS receiver on the {@link CircleCourse}: true position plus Gaussian horizontal noise. */
public final class SimGps implements PeriodicSource {
    private static final double EARTH_RADIUS_M = 6_371_008.8;

    private final CircleCourse course;
    private final SplittableRandom random;
    private final double sigmaM;
    private final double originLatDeg;
    private final double originLonDeg;

    public SimGps(CircleCourse course, long seed, double sigmaM, double originLatDeg, double originLonDeg) {
        this.course = course;
        this.random = new SplittableRandom(seed);
        this.sigmaM = sigmaM;
        this.originLatDeg = originLatDeg;
        this.originLonDeg = originLonDeg;
    }

    @Override
    public SampleKind kind() {
        return SampleKind.GPS;
    }

    @Override
    public void sample(long acquiredNanos, Sample out) {
        double t = course.seconds(acquiredNanos);
        double east = course.xM(t) + sigmaM * random.nextGaussian();
        double north = course.yM(t) + sigmaM * random.nextGaussian();
        GpsFix g = out.gps;
        g.latitudeDeg = originLatDeg + Math.toDegrees(north / EARTH_RADIUS_M);
        g.longitudeDeg = originLonDeg + Math.toDegrees(east / (EARTH_RADIUS_M * Math.cos(Math.toRadians(originLatDeg))));
        g.altitudeM = 50;
        g.speedMps = course.speedMps();
        g.courseDeg = (90 - Math.toDegrees(course.headingRad(t)) % 360 + 360) % 360;
        g.fixQuality = 1;
        g.fixMode = 3;
        g.satellites = 9;
        g.hdop = 0.9;
        g.validMask = GpsFix.POSITION | GpsFix.ALTITUDE | GpsFix.VELOCITY | GpsFix.QUALITY | GpsFix.DOP | GpsFix.SATELLITES;
    }
}
