package io.afferent.fusion.score;

import io.afferent.api.ReportSection;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report section {@code fusion}: each pose topic's score against ground truth ({@code position_rms_m,
 * position_max_m, heading_rms_deg, gps_outage_error_m}) with the GPS alone ({@code gps_alone}) and the
 * odometry alone ({@code odometry_alone}) on the same drive. One pose topic: that object; several:
 * {@code {"stages": {name: object}}}; none or no ground truth: null. Main thread, after every sink ended.
 */
final class FusionScoreSection implements ReportSection {
    private record Scored(String label, String topic, PoseScoringSink pose, GpsAloneSink gps, OdometryAloneSink odometry) {
    }

    /** The scores of one pose topic; a baseline is null when the run had no topic for it. */
    record Result(String label, String topic, FusionScore fused, String gpsTopic, FusionScore gps,
                  String odometryTopic, FusionScore odometry) {
    }

    private final List<Scored> scored = new ArrayList<>();
    private List<Result> results;

    void add(String label, String topic, PoseScoringSink pose, GpsAloneSink gps, OdometryAloneSink odometry) {
        scored.add(new Scored(label, topic, pose, gps, odometry));
    }

    @Override
    public String name() {
        return "fusion";
    }

    /** The scores, computed once (the baselines are scored on the pose's grid here). */
    List<Result> results() {
        if (results == null) {
            List<Result> out = new ArrayList<>();
            for (Scored s : scored) {
                Series grid = s.pose().grid();
                out.add(new Result(s.label(), s.topic(), s.pose().score(),
                        s.gps() == null ? null : s.gps().topic(),
                        s.gps() == null ? null : BaselineScore.gps(grid, s.gps().track()),
                        s.odometry() == null ? null : s.odometry().topic(),
                        s.odometry() == null ? null : BaselineScore.odometry(grid, s.odometry().track())));
            }
            results = List.copyOf(out);
        }
        return results;
    }

    @Override
    public Object summary() {
        List<Result> r = results();
        if (r.isEmpty()) {
            return null;
        }
        if (r.size() == 1) {
            return summary(r.get(0));
        }
        Map<String, Object> stages = new LinkedHashMap<>();
        for (Result x : r) {
            stages.put(x.label(), summary(x));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("stages", stages);
        return m;
    }

    private static Map<String, Object> summary(Result r) {
        Map<String, Object> m = new LinkedHashMap<>(fields(r.fused()));
        m.put("gps_alone", baseline(r.gpsTopic(), r.gps()));
        m.put("odometry_alone", baseline(r.odometryTopic(), r.odometry()));
        return m;
    }

    private static Map<String, Object> baseline(String topic, FusionScore s) {
        if (s == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("topic", topic);
        m.putAll(fields(s));
        return m;
    }

    /** The score's fields, rounded to 4 decimals as the rest of summary.json; NaN as null. */
    private static Map<String, Object> fields(FusionScore s) {
        Map<String, Object> m = new LinkedHashMap<>();
        s.toSummary().forEach((k, v) -> m.put(k, v == null || v.isNaN() ? null : Math.round(v * 1e4) / 1e4));
        return m;
    }

    @Override
    public void appendText(StringBuilder sb) {
        for (Result r : results()) {
            sb.append(String.format("%nFusion %s against ground truth: %s%n", r.label(), line(r.fused())));
            if (r.gps() != null) {
                sb.append(String.format("  the GPS alone (%s): %s%n", r.gpsTopic(), line(r.gps())));
            }
            if (r.odometry() != null) {
                sb.append(String.format("  the odometry alone (%s): %s%n", r.odometryTopic(), line(r.odometry())));
            }
        }
    }

    private static String line(FusionScore s) {
        double o = s.gpsOutageErrorM();
        return String.format("position RMS %s m, max %s m, heading RMS %s°, error at the end of a GPS outage %s",
                num(s.positionRmsM()), num(s.positionMaxM()), num(s.headingRmsDeg()),
                Double.isNaN(o) ? "(no outage)" : num(o) + " m");
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "n/a" : String.format("%.2f", v);
    }
}
