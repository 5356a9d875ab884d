package io.afferent.fusion.score;

import io.afferent.fusion.Angles;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Accumulates an estimate's error against ground truth, for the run report when the truth is known
 * (simulator) and for accuracy tests: position RMS and maximum, heading RMS, and the position error at
 * the end of each GPS outage (the worst one is reported). Samples are taken at whatever times the
 * caller chooses (e.g. each published pose, or every 100 ms of truth). An estimate without a heading
 * (NaN: the GPS alone before its first course) counts for position only.
 *
 * <p>Single thread: whoever feeds it (a sink thread or a test); read the results after the run.
 */
public final class FusionScore {
    private long samples;
    private double sumSqPosition;
    private double maxPosition;
    private double sumSqHeading;
    private long headingSamples;
    private boolean inOutage;
    private double lastErrorM;
    private double worstOutageEndErrorM = Double.NaN;
    private int outages;

    /**
     * Adds one comparison, both in the same local frame (x east, y north, heading CCW from east).
     *
     * @param gpsAvailable whether the GPS was delivering fixes at this time (false during an outage)
     */
    public void add(double estXM, double estYM, double estHeadingRad,
                    double trueXM, double trueYM, double trueHeadingRad, boolean gpsAvailable) {
        double dx = estXM - trueXM, dy = estYM - trueYM;
        double e = Math.sqrt(dx * dx + dy * dy);
        samples++;
        sumSqPosition += e * e;
        if (!Double.isNaN(estHeadingRad)) {
            double dh = Angles.wrap(estHeadingRad - trueHeadingRad);
            sumSqHeading += dh * dh;
            headingSamples++;
        }
        maxPosition = Math.max(maxPosition, e);
        if (!gpsAvailable) {
            if (!inOutage) outages++;
            inOutage = true;
        } else if (inOutage) {
            inOutage = false;
            endOutage();
        }
        lastErrorM = e;
    }

    private void endOutage() {
        worstOutageEndErrorM = Double.isNaN(worstOutageEndErrorM) ? lastErrorM : Math.max(worstOutageEndErrorM, lastErrorM);
    }

    public long samples() { return samples; }

    public double positionRmsM() {
        return samples == 0 ? Double.NaN : Math.sqrt(sumSqPosition / samples);
    }

    public double positionMaxM() {
        return samples == 0 ? Double.NaN : maxPosition;
    }

    public double headingRmsDeg() {
        return headingSamples == 0 ? Double.NaN : Math.toDegrees(Math.sqrt(sumSqHeading / headingSamples));
    }

    /** Worst position error at the last sample of a GPS outage; NaN when there was no outage. An outage still running counts. */
    public double gpsOutageErrorM() {
        if (inOutage) {
            return Double.isNaN(worstOutageEndErrorM) ? lastErrorM : Math.max(worstOutageEndErrorM, lastErrorM);
        }
        return worstOutageEndErrorM;
    }

    public int outages() { return outages; }

    /**
     * The {@code "fusion"} object of summary.json: {@code position_rms_m, position_max_m,
     * heading_rms_deg, gps_outage_error_m} (the last is null when there was no outage).
     */
    public Map<String, Double> toSummary() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("position_rms_m", positionRmsM());
        m.put("position_max_m", positionMaxM());
        m.put("heading_rms_deg", headingRmsDeg());
        double o = gpsOutageErrorM();
        m.put("gps_outage_error_m", Double.isNaN(o) ? null : o);
        return m;
    }

    @Override
    public String toString() {
        return String.format("position rms %.2f m, max %.2f m, heading rms %.2f°, gps outage error %s (%d samples)",
                positionRmsM(), positionMaxM(), headingRmsDeg(),
                Double.isNaN(gpsOutageErrorM()) ? "n/a" : String.format("%.2f m", gpsOutageErrorM()), samples);
    }
}
