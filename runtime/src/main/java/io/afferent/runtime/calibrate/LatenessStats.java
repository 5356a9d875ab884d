package io.afferent.runtime.calibrate;

import com.fasterxml.jackson.core.JsonGenerator;
import io.afferent.runtime.timing.HistSummary;
import org.HdrHistogram.AbstractHistogram;

import java.io.IOException;

/**
 * A summary of a lateness histogram recorded in nanoseconds, in microseconds as cyclictest reports it. Lateness is
 * never negative; early (spurious) wake-ups are a separate count.
 */
public record LatenessStats(HistSummary lateness, long early) {
    public static LatenessStats of(AbstractHistogram latencyNs, long early) {
        return new LatenessStats(HistSummary.of(latencyNs), early);
    }

    /** Writes {@code {"count","min","mean","p50","p90","p99","p999","max"}} (µs) as the current field's value. */
    public void writeJson(JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeNumberField("count", lateness.count());
        g.writeNumberField("min", round(lateness.minUs()));
        g.writeNumberField("mean", round(lateness.meanUs()));
        g.writeNumberField("p50", round(lateness.p50Us()));
        g.writeNumberField("p90", round(lateness.p90Us()));
        g.writeNumberField("p99", round(lateness.p99Us()));
        g.writeNumberField("p999", round(lateness.p999Us()));
        g.writeNumberField("max", round(lateness.maxUs()));
        g.writeEndObject();
    }

    /** To 0.1 µs, the resolution that matters next to cyclictest's 1 µs. */
    static double round(double us) {
        return Math.round(us * 10) / 10.0;
    }
}
