package io.afferent.runtime.calibrate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LatenessStatsTest {
    @Test
    void percentilesOfAUniformInputInMicroseconds() {
        Histogram h = Calibration.newHistogram();
        for (int us = 1; us <= 1_000; us++) {
            h.recordValue(us * 1_000L);
        }
        LatenessStats s = LatenessStats.of(h, 7);
        assertEquals(1_000, s.lateness().count());
        assertEquals(1.0, s.lateness().minUs(), 0.001);
        assertEquals(500.5, s.lateness().meanUs(), 0.5);
        assertEquals(500, s.lateness().p50Us(), 0.5);
        assertEquals(900, s.lateness().p90Us(), 0.9);
        assertEquals(990, s.lateness().p99Us(), 1.0);
        assertEquals(999, s.lateness().p999Us(), 1.0);
        assertEquals(1_000, s.lateness().maxUs(), 1.0);
        assertEquals(7, s.early());
    }

    @Test
    void emptyHistogramGivesZeros() {
        LatenessStats s = LatenessStats.of(Calibration.newHistogram(), 0);
        assertEquals(0, s.lateness().count());
        assertEquals(0, s.lateness().maxUs());
    }

    @Test
    void writesTheSummaryJsonShape() throws Exception {
        Histogram h = Calibration.newHistogram();
        h.recordValue(3_000);
        h.recordValue(5_000);
        StringWriter out = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            LatenessStats.of(h, 0).writeJson(g);
        }
        assertEquals("{\"count\":2,\"min\":3.0,\"mean\":4.0,\"p50\":3.0,\"p90\":5.0,\"p99\":5.0,\"p999\":5.0,"
                + "\"max\":5.0}", out.toString());
    }
}
