package io.afferent.deploy.report;

import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

import java.io.FileNotFoundException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A run's {@code timing.hlog} read back: per tag, the total histogram and one point per interval. */
final class TimingLog {
    /** One interval of one metric, in µs. */
    record Interval(double startS, double p99Us, double maxUs, long count) {
    }

    record Metric(String tag, Histogram total, List<Interval> intervals) {
    }

    private TimingLog() {
    }

    static Map<String, Metric> read(Path hlog) throws FileNotFoundException {
        Map<String, Histogram> totals = new LinkedHashMap<>();
        Map<String, List<Interval>> series = new LinkedHashMap<>();
        HistogramLogReader reader = new HistogramLogReader(hlog.toFile());
        double firstStart = Double.NaN;
        EncodableHistogram e;
        while ((e = reader.nextIntervalHistogram()) != null) {
            if (!(e instanceof Histogram h)) {
                continue;
            }
            String tag = h.getTag() == null ? "untagged" : h.getTag();
            double start = h.getStartTimeStamp() / 1000.0;
            if (Double.isNaN(firstStart)) {
                firstStart = start;
            }
            totals.computeIfAbsent(tag, t -> new Histogram(1, h.getHighestTrackableValue(), 3)).add(h);
            series.computeIfAbsent(tag, t -> new ArrayList<>()).add(new Interval(start - firstStart,
                    h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0, h.getTotalCount()));
        }
        Map<String, Metric> out = new LinkedHashMap<>();
        totals.forEach((tag, total) -> out.put(tag, new Metric(tag, total, series.get(tag))));
        return out;
    }
}
