package io.afferent.runtime.calibrate;

import com.fasterxml.jackson.core.JsonGenerator;
import org.HdrHistogram.AbstractHistogram;

import java.io.IOException;

/**
 * A summary of a lateness histogram recorded in nanoseconds, in microseconds as cyclictest reports it. Lateness is
 * never negative; early (spurious) wake-ups are a separate count.
 */
public record LatenessStats(long count, double minUs, double meanUs, double p50Us, double p90Us, double p99Us,
                            double p999Us, double maxUs, long early) {
    public static LatenessStats of(AbstractHistogram latencyNs, long early) {
        if (latencyNs.getTotalCount() == 0) {
            return new LatenessStats(0, 0, 0, 0, 0, 0, 0, 0, early);
        }
        return new LatenessStats(latencyNs.getTotalCount(), us(latencyNs.getMinValue()), latencyNs.getMean() / 1e3,
                us(latencyNs.getValueAtPercentile(50)), us(latencyNs.getValueAtPercentile(90)),
                us(latencyNs.getValueAtPercentile(99)), us(latencyNs.getValueAtPercentile(99.9)),
                us(latencyNs.getMaxValue()), early);
    }

    private static double us(long ns) {
        return ns / 1e3;
    }

    /** Writes {@code {"count","min","mean","p50","p90","p99","p999","max"}} (µs) as the current field's value. */
    public void writeJson(JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeNumberField("count", count);
        g.writeNumberField("min", round(minUs));
        g.writeNumberField("mean", round(meanUs));
        g.writeNumberField("p50", round(p50Us));
        g.writeNumberField("p90", round(p90Us));
        g.writeNumberField("p99", round(p99Us));
        g.writeNumberField("p999", round(p999Us));
        g.writeNumberField("max", round(maxUs));
        g.writeEndObject();
    }

    /** To 0.1 µs, the resolution that matters next to cyclictest's 1 µs. */
    static double round(double us) {
        return Math.round(us * 10) / 10.0;
    }
}
