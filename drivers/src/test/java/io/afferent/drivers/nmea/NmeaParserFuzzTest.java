package io.afferent.drivers.nmea;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.afferent.api.msg.GpsFix;

/**
 * Fuzzing the NMEA parser: no exception escapes, nothing it reports is out of range, it does bounded work
 * per byte (a hang would show as a Jazzer timeout) and its memory is fixed at construction (no buffer can
 * grow: the only arrays are final and sized by {@link NmeaParser#MAX_SENTENCE_BYTES}). Seeds in
 * {@code src/test/resources/io/afferent/drivers/nmea/NmeaParserFuzzTestInputs/} run in every {@code mvn verify}.
 */
class NmeaParserFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void arbitraryBytesNeverBreakTheParser(FuzzedDataProvider data) {
        NmeaParser parser = new NmeaParser();
        int chunk = data.consumeInt(1, 256);
        byte[] bytes = data.consumeRemainingAsBytes();
        long[] fixes = {0};
        for (int off = 0; off < bytes.length; off += chunk) {
            int len = Math.min(chunk, bytes.length - off);
            long now = off;
            parser.feed(bytes, off, len, now, (fix, stamp) -> {
                fixes[0]++;
                checkFix(fix);
                assertTrue(stamp >= 0 && stamp <= now);
            });
        }
        assertEquals(fixes[0], parser.fixCount());
        assertTrue(parser.fixCount() <= parser.decodedCount());
        // every started sentence ends in at most one outcome, and each starts with its own '$'
        long outcomes = parser.decodedCount() + parser.unknownCount() + parser.rejectTotal();
        assertTrue(outcomes <= bytes.length, "outcomes " + outcomes + " for " + bytes.length + " bytes");
        assertTrue(parser.decodedCount() + parser.unknownCount() <= bytes.length / 4, "a valid sentence has at least $*hh");
    }

    static void checkFix(GpsFix f) {
        assertTrue(f.sentenceType == NmeaParser.TYPE_GGA || f.sentenceType == NmeaParser.TYPE_RMC);
        if (f.has(GpsFix.POSITION)) {
            assertTrue(Math.abs(f.latitudeDeg) <= 90, "lat " + f.latitudeDeg);
            assertTrue(Math.abs(f.longitudeDeg) <= 180, "lon " + f.longitudeDeg);
        }
        if (f.has(GpsFix.TIME)) {
            assertTrue(f.utcMillisOfDay >= 0 && f.utcMillisOfDay < 86_401_000, "time " + f.utcMillisOfDay);
        }
        if (f.has(GpsFix.DATE)) {
            assertTrue(f.utcDate >= 19800101 && f.utcDate <= 20791231, "date " + f.utcDate);
        }
        if (f.has(GpsFix.ALTITUDE)) {
            assertTrue(Double.isFinite(f.altitudeM));
        }
    }
}
