package io.afferent.fusion;

import io.afferent.api.Counter;
import io.afferent.api.msg.GpsFix;

/**
 * The GPS input: validates each fix, projects its position into the local frame (whose origin is the first
 * fix unless configured) and takes its course over ground as a heading measurement when the receiver moves
 * fast enough. A receiver reports one fix in several sentences (GGA and RMC both carry the position, RMC and
 * VTG the course): what a fix time already gave is not fused again.
 *
 * <p>Single thread: the stage thread.
 */
final class GpsInput {
    private final FusionParams f;
    private final SourceValidator check;
    private final LocalFrame frame;
    private final MeasurementFuser fuser;
    private final StepTracer tracer;
    private final boolean trace;
    private final Counter repeats;

    /** UTC time of the last fix whose course was used: a receiver that sends RMC and GGA+VTG gives it twice. */
    private int lastCourseUtcMillis = -1;
    /** UTC time of the last fix whose position was used: GGA and RMC of one fix both carry it. */
    private int lastPositionUtcMillis = -1;

    GpsInput(FusionParams f, SourceValidator check, LocalFrame frame, MeasurementFuser fuser, StepTracer tracer,
             Counter repeats) {
        this.f = f;
        this.check = check;
        this.frame = frame;
        this.fuser = fuser;
        this.tracer = tracer;
        this.trace = f.traceSteps;
        this.repeats = repeats;
    }

    /** Validates and fuses one fix valid at {@code t}; returns whether it was used. */
    boolean handle(GpsFix g, long t) {
        boolean error = !g.has(GpsFix.POSITION)
                || g.has(GpsFix.QUALITY) && g.fixQuality == GpsFix.QUALITY_INVALID
                || !(Math.abs(g.latitudeDeg) <= 90 && Math.abs(g.longitudeDeg) <= 180);
        long fp = ImuInput.mix(Double.doubleToRawLongBits(g.latitudeDeg), g.longitudeDeg);
        boolean ok = check.onSample(t, error, fp);
        if (trace) tracer.mark(FusionSteps.VALIDATE);
        if (!ok) {
            return false;
        }
        if (!frame.isSet()) {
            frame.setOrigin(g.latitudeDeg, g.longitudeDeg);
        }
        // A receiver reports one fix in several sentences (GGA and RMC both carry the position): fusing each
        // would count the same measurement twice and make the filter trust the GPS more than it should.
        double[] meas = fuser.meas;
        boolean repeat = g.has(GpsFix.TIME) && g.utcMillisOfDay == lastPositionUtcMillis;
        if (repeat) {
            repeats.increment();
            meas[0] = Double.NaN;
        } else {
            lastPositionUtcMillis = g.has(GpsFix.TIME) ? g.utcMillisOfDay : -1;
            meas[0] = frame.east(g.longitudeDeg);
        }
        meas[1] = frame.north(g.latitudeDeg);
        meas[2] = f.gpsSigmaM * f.gpsSigmaM;
        meas[3] = Double.NaN;
        if (f.useGpsCourse && g.has(GpsFix.VELOCITY) && g.speedMps >= f.gpsCourseMinSpeedMps
                && g.courseDeg >= 0 && g.courseDeg <= 360 // NaN when the receiver left it empty
                && !(g.has(GpsFix.TIME) && g.utcMillisOfDay == lastCourseUtcMillis)) {
            lastCourseUtcMillis = g.has(GpsFix.TIME) ? g.utcMillisOfDay : -1;
            // course: clockwise from north, of the velocity; heading: counter-clockwise from east
            meas[3] = PoseEkf.wrap(Math.PI / 2 - Math.toRadians(g.courseDeg));
            double sigmaRad = f.gpsVelocitySigmaMps / g.speedMps;
            meas[4] = sigmaRad * sigmaRad;
        }
        if (repeat && Double.isNaN(meas[3])) {
            return true; // validated; nothing new to fuse
        }
        return fuser.fuse(MeasurementFuser.EV_GPS, t, FusionSteps.UPDATE_GPS);
    }

    void reset() {
        lastCourseUtcMillis = -1;
        lastPositionUtcMillis = -1;
    }
}
