package io.afferent.runtime.timing;

import org.HdrHistogram.AbstractHistogram;

/** The summary of a nanosecond histogram in microseconds, as {@code summary.json} carries it. */
public record HistSummary(long count, double minUs, double meanUs, double p50Us, double p90Us, double p99Us,
                          double p999Us, double maxUs) {
    public static HistSummary of(AbstractHistogram h) {
        if (h.getTotalCount() == 0) {
            return new HistSummary(0, 0, 0, 0, 0, 0, 0, 0);
        }
        return new HistSummary(h.getTotalCount(), us(h.getMinValue()), us(h.getMean()),
                us(h.getValueAtPercentile(50)), us(h.getValueAtPercentile(90)), us(h.getValueAtPercentile(99)),
                us(h.getValueAtPercentile(99.9)), us(h.getMaxValue()));
    }

    private static double us(double nanos) {
        return Math.round(nanos) / 1000.0;
    }
}
