package io.afferent.drivers.nmea;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.afferent.api.msg.GpsFix;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parser on the gpsd captures as byte arrays (the pseudo-terminal test does the same through a port). */
class GpsdCaptureParserTest {

    @Test
    void everyCaptureAgreesWithGpsd() {
        int totalCompared = 0;
        List<String> problems = new ArrayList<>();
        for (GpsdCapture c : GpsdCapture.all()) {
            NmeaParser parser = new NmeaParser();
            List<GpsFix> fixes = new ArrayList<>();
            byte[] b = c.streamBytes();
            parser.feed(b, 0, b.length, 0, (f, t) -> {
                GpsFix copy = new GpsFix();
                copy.copyFrom(f);
                fixes.add(copy);
            });
            CaptureExpectations e = CaptureExpectations.of(c);
            problems.addAll(e.check(c.name, parser, fixes.size()));
            GpsdCapture.Comparison cmp = c.compare(c.fixSentences(), fixes, 1e-6);
            problems.addAll(cmp.disagreements());
            totalCompared += cmp.compared();
            System.out.printf("%-40s valid %5d (unknown %4d) bad_checksum %3d fixes %4d compared with gpsd %4d (our fix void: %d)%n",
                    c.name, e.validSentences(), parser.unknownCount(), e.badChecksums(), fixes.size(), cmp.compared(),
                    cmp.skippedNoPosition());
        }
        assertEquals(List.of(), problems);
        assertTrue(totalCompared > 1000, "compared only " + totalCompared + " fixes with gpsd");
    }
}
