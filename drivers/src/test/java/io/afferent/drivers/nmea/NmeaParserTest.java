package io.afferent.drivers.nmea;

import static io.afferent.drivers.nmea.Nmea.bytes;
import static io.afferent.drivers.nmea.Nmea.sentence;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.afferent.api.msg.GpsFix;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class NmeaParserTest {
    private final NmeaParser parser = new NmeaParser();
    private final List<GpsFix> fixes = new ArrayList<>();
    private final List<Long> stamps = new ArrayList<>();

    private int feed(String s) {
        return feed(s, 0);
    }

    private int feed(String s, long stamp) {
        byte[] b = bytes(s);
        return parser.feed(b, 0, b.length, stamp, (fix, at) -> {
            GpsFix copy = new GpsFix();
            copy.copyFrom(fix);
            fixes.add(copy);
            stamps.add(at);
        });
    }

    private GpsFix only() {
        assertEquals(1, fixes.size(), "fixes");
        return fixes.get(0);
    }

    @Test
    void decodesGga() {
        feed(sentence("GPGGA,123519.25,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,"));
        GpsFix f = only();
        assertEquals(((12 * 60 + 35) * 60 + 19) * 1000 + 250, f.utcMillisOfDay);
        assertEquals(48 + 7.038 / 60, f.latitudeDeg, 1e-12);
        assertEquals(11 + 31.0 / 60, f.longitudeDeg, 1e-12);
        assertEquals(545.4, f.altitudeM, 1e-12);
        assertEquals(1, f.fixQuality);
        assertEquals(8, f.satellites);
        assertEquals(0.9, f.hdop, 1e-12);
        assertTrue(f.has(GpsFix.TIME | GpsFix.POSITION | GpsFix.ALTITUDE | GpsFix.QUALITY | GpsFix.SATELLITES | GpsFix.DOP));
        assertFalse(f.has(GpsFix.DATE));
        assertFalse(f.has(GpsFix.VELOCITY));
        assertEquals(NmeaParser.TYPE_GGA, f.sentenceType);
        assertEquals('G' << 8 | 'P', f.talker);
        assertEquals(1, parser.decodedCount());
    }

    @Test
    void ggaWithoutFixHasNoPosition() {
        feed(sentence("GPGGA,000001.00,,,,,0,00,99.99,,,,,,"));
        GpsFix f = only();
        assertTrue(f.has(GpsFix.TIME | GpsFix.QUALITY));
        assertFalse(f.has(GpsFix.POSITION));
        assertEquals(GpsFix.QUALITY_INVALID, f.fixQuality);
    }

    @Test
    void decodesRmcSouthWestWithSpeedCourseDateAndMode() {
        feed(sentence("GNRMC,225446.000,A,4916.45,S,12311.12,W,000.5,054.7,191194,020.3,E,D"));
        GpsFix f = only();
        assertEquals(-(49 + 16.45 / 60), f.latitudeDeg, 1e-12);
        assertEquals(-(123 + 11.12 / 60), f.longitudeDeg, 1e-12);
        assertEquals(0.5 * 1852 / 3600, f.speedMps, 1e-12);
        assertEquals(54.7, f.courseDeg, 1e-12);
        assertEquals(19941119, f.utcDate);
        assertEquals(2, f.fixQuality);
        assertTrue(f.has(GpsFix.POSITION | GpsFix.VELOCITY | GpsFix.DATE | GpsFix.TIME | GpsFix.QUALITY));
        assertEquals(NmeaParser.TYPE_RMC, f.sentenceType);
    }

    @Test
    void voidRmcHasNoPositionAndEmptyCourseIsNaN() {
        feed(sentence("GPRMC,081836,V,3751.65,S,14507.36,E,0.0,,130998,,"));
        GpsFix f = only();
        assertFalse(f.has(GpsFix.POSITION));
        assertTrue(f.has(GpsFix.VELOCITY));
        assertTrue(Double.isNaN(f.courseDeg));
        assertEquals(19980913, f.utcDate); // two-digit years 80-99 are 19xx
        assertEquals(((8 * 60 + 18) * 60 + 36) * 1000, f.utcMillisOfDay);
    }

    @Test
    void vtgGsaAndRmcDateAreCarriedIntoTheNextGga() {
        feed(sentence("GNRMC,171926.00,A,4404.14063,N,12118.85478,W,0.117,,180315,,,A"));
        assertEquals(NmeaParser.DECODED, acceptAll(sentence("GNVTG,12.5,T,,M,2.0,N,3.704,K,A")));
        assertEquals(NmeaParser.DECODED, acceptAll(sentence("GNGSA,A,3,01,11,31,14,22,32,04,25,03,,,,1.56,0.91,1.27")));
        feed(sentence("GNGGA,171926.00,4404.14063,N,12118.85478,W,1,12,0.91,1147.2,M,-21.3,M,,"));
        assertEquals(2, fixes.size());
        GpsFix gga = fixes.get(1);
        assertEquals(20150318, gga.utcDate);
        assertEquals(2.0 * 1852 / 3600, gga.speedMps, 1e-12);
        assertEquals(12.5, gga.courseDeg, 1e-12);
        assertEquals(3, gga.fixMode);
        assertEquals(44 + 4.14063 / 60, gga.latitudeDeg, 1e-12);
        // the VTG was consumed: the next GGA has no velocity
        feed(sentence("GNGGA,171927.00,4404.14063,N,12118.85478,W,1,12,0.91,1147.2,M,-21.3,M,,"));
        assertFalse(fixes.get(2).has(GpsFix.VELOCITY));
        assertFalse(fixes.get(2).has(GpsFix.DATE), "RMC date is carried only into the GGA of the same time");
    }

    @Test
    void vtgFallsBackToKilometresPerHour() {
        acceptAll(sentence("GPVTG,,T,,M,,N,36.0,K,A"));
        feed(sentence("GPGGA,000001.00,,,,,0,00,99.99,,,,,,"));
        assertEquals(10.0, only().speedMps, 1e-12);
        assertTrue(Double.isNaN(only().courseDeg));
    }

    @Test
    void decodesGsvSatellitesInView() {
        assertEquals(NmeaParser.DECODED, acceptAll(sentence("GPGSV,4,1,13,01,53,280,36,03,29,301,24,04,55,223,37,08,38,166,16")));
        assertEquals(13, parser.satellitesInView());
        assertEquals(NmeaParser.DECODED, acceptAll(sentence("GPGSV,1,1,00")));
        assertEquals(0, parser.satellitesInView());
    }

    @ParameterizedTest
    @ValueSource(strings = {"GP", "GN", "GL", "GA", "GB", "BD", "GQ", "GI"})
    void acceptsEveryGnssTalker(String talker) {
        feed(sentence(talker + "GGA,120000.00,0100.0000,N,00200.0000,E,1,05,1.2,10.0,M,0.0,M,,"));
        GpsFix f = only();
        assertEquals(talker.charAt(0) << 8 | talker.charAt(1), f.talker);
        assertEquals(1 + 0.0 / 60, f.latitudeDeg, 1e-12);
        assertEquals(2.0, f.longitudeDeg, 1e-12);
    }

    @Test
    void latitudeFromManyDecimalsIsExact() {
        feed(sentence("GPGGA,132820.60,4134.49821229,N,09345.03351845,W,2,09,1.0,278.020,M,-31.442,M,7.6,0133"));
        GpsFix f = only();
        assertEquals(41 + 34.49821229 / 60, f.latitudeDeg, 1e-13);
        assertEquals(-(93 + 45.03351845 / 60), f.longitudeDeg, 1e-13);
    }

    @Test
    void stampIsThatOfTheDollar() {
        byte[] s = bytes(sentence("GPGGA,000001.00,,,,,0,00,99.99,,,,,,"));
        parser.feed(s, 0, 10, 111, (f, t) -> stamps.add(t));
        parser.feed(s, 10, s.length - 10, 222, (f, t) -> stamps.add(t));
        assertEquals(List.of(111L), stamps);
    }

    @Test
    void unknownSentencesAreCountedAndSkipped() {
        assertEquals(NmeaParser.UNKNOWN, acceptAll(sentence("GPZDA,201530.00,04,07,2002,00,00")));
        assertEquals(NmeaParser.UNKNOWN, acceptAll(sentence("PSTMCPU,47.12,-1,98")));
        assertEquals(NmeaParser.UNKNOWN, acceptAll(sentence("GNTXT,01,01,02,u-blox AG")));
        assertEquals(3, parser.unknownCount());
        assertEquals(0, parser.rejectTotal());
    }

    @Test
    void rejectsBadChecksum() {
        String good = sentence("GPGGA,000001.00,,,,,0,00,99.99,,,,,,");
        String bad = good.replace("99.99", "99.98");
        assertReject(bad, NmeaReject.BAD_CHECKSUM);
        assertReject("$GPGGA,000001.00,,,,,0,00,99.99,,,,,,*ZZ\r\n", NmeaReject.BAD_CHECKSUM);
    }

    @Test
    void rejectsMissingChecksum() {
        assertReject("$GPGGA,000001.00,,,,,0,00,99.99,,,,,,\r\n", NmeaReject.NO_CHECKSUM);
    }

    @Test
    void rejectsTooLongAndResynchronises() {
        StringBuilder sb = new StringBuilder("GPGGA");
        while (sb.length() < NmeaParser.MAX_SENTENCE_BYTES) {
            sb.append(",1");
        }
        assertReject(sentence(sb.toString()), NmeaReject.TOO_LONG);
        feed(sentence("GPGGA,000001.00,,,,,0,00,99.99,,,,,,"));
        assertEquals(1, fixes.size());
    }

    @Test
    void acceptsTheLongestAllowedSentence() {
        String body = "GPGGA,132820.60,4134.49821229,N,09345.03351845,W,2,09,1.0,278.020,M,-31.442,M,7.6,0133";
        StringBuilder sb = new StringBuilder(body);
        while (sb.length() < NmeaParser.MAX_SENTENCE_BYTES - 4) {
            sb.append('0'); // pad the station id, a field the parser does not read
        }
        String s = sentence(sb.toString());
        assertEquals(NmeaParser.MAX_SENTENCE_BYTES, s.length() - 2);
        feed(s);
        assertEquals(278.02, only().altitudeM, 1e-9);
    }

    @Test
    void rejectsTruncatedSentenceAndKeepsTheNextOne() {
        String cut = "$GPGGA,123519,4807.038,N,011";
        feed(cut + sentence("GPRMC,225446,A,4916.45,N,12311.12,W,000.5,054.7,191194,020.3,E"));
        assertEquals(1, parser.rejectCount(NmeaReject.TRUNCATED));
        assertEquals(NmeaParser.TYPE_RMC, only().sentenceType);
    }

    @Test
    void rejectsMissingFields() {
        assertReject(sentence("GPGGA,123519,4807.038,N,01131.000,E,1,08"), NmeaReject.MISSING_FIELD);
        assertReject(sentence("GPGGA,123519,4807.038,,01131.000,E,1,08,0.9,545.4,M,46.9,M,,"), NmeaReject.MISSING_FIELD);
        assertReject(sentence("GPRMC,225446,A,4916.45,N"), NmeaReject.MISSING_FIELD);
        assertReject(sentence("GPVTG,054.7,034.4,005.5,010.2"), NmeaReject.MISSING_FIELD);
        assertReject(sentence("GPGSA,A,3,01"), NmeaReject.MISSING_FIELD);
        assertReject(sentence("GPGSV,1,1"), NmeaReject.MISSING_FIELD);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "GPGGA,12a519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,",   // letter in time
        "GPGGA,253519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,",   // hour 25
        "GPGGA,123519,4860.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,",   // 60 minutes
        "GPGGA,123519,9107.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,",   // 91 degrees
        "GPGGA,123519,4807.038,X,01131.000,E,1,08,0.9,545.4,M,46.9,M,,",   // hemisphere
        "GPGGA,123519,4807.0.38,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,",  // two dots
        "GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,5x5.4,M,46.9,M,,",   // altitude
        "GPGGA,123519,4807.038,N,01131.000,E,Q,08,0.9,545.4,M,46.9,M,,",   // quality
        "GPRMC,225446,X,4916.45,N,12311.12,W,000.5,054.7,191194,020.3,E",  // status
        "GPRMC,225446,A,4916.45,N,12311.12,W,000.5,054.7,321194,020.3,E",  // day 32
        "GPRMC,225446,A,4916.45,N,12311.12,W,000.5,054.7,191194,020.3,E,Z", // mode
        "GPVTG,054.7,T,034.4,M,0x5.5,N,010.2,K",                           // speed
        "GPGSA,A,7,01,,,,,,,,,,,,1.5,0.9,1.2",                             // fix mode
        "GPGSV,1,1,01,01,5a,280,36",                                       // elevation
    })
    void rejectsMalformedFields(String body) {
        assertReject(sentence(body), NmeaReject.MALFORMED_FIELD);
    }

    @Test
    void rejectsControlCharactersInsideASentence() {
        assertReject("$GPGGA,12\u00003519*00\r\n", NmeaReject.BAD_CHARACTER);
    }

    @Test
    void resynchronisesAfterGarbage() {
        String good = sentence("GPGGA,000001.00,,,,,0,00,99.99,,,,,,");
        feed("\u00ff\u0000garbage*12\r\n$$" + good + "junk" + good);
        assertEquals(2, fixes.size());
        assertEquals(2, parser.rejectCount(NmeaReject.TRUNCATED)); // the two lone '$' before '$GPGGA'
    }

    @Test
    void everyRejectReasonHasACounterName() {
        for (NmeaReject r : NmeaReject.values()) {
            assertTrue(r.reason.matches("[a-z_]+"), r.reason);
        }
    }

    private void assertReject(String s, NmeaReject why) {
        long before = parser.rejectCount(why);
        int result = acceptAll(s);
        assertEquals(before + 1, parser.rejectCount(why), () -> "reject " + why + " for " + s + " (last " + parser.lastReject() + ")");
        assertEquals(NmeaParser.REJECTED, result, s);
        assertEquals(why, parser.lastReject());
    }

    /** Feeds the bytes and returns the last non-NONE result. */
    private int acceptAll(String s) {
        int last = NmeaParser.NONE;
        for (byte b : bytes(s)) {
            int r = parser.accept(b, 0);
            if (r != NmeaParser.NONE) {
                last = r;
            }
        }
        return last;
    }
}
