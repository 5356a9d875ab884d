package io.afferent.drivers.nmea;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.afferent.api.msg.GpsFix;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * After warm-up, parsing allocates nothing per sentence on the feeding thread (decoded, unknown and
 * rejected sentences alike), measured with ThreadMXBean over many sentences.
 */
class NmeaParserAllocationTest {
    private static final String[] EPOCH = {
        "$GNRMC,171926.00,A,4404.14063,N,12118.85478,W,0.117,,180315,,,A*76",
        "$GNVTG,,T,,M,0.117,N,0.216,K,A*3F",
        "$GNGGA,171926.00,4404.14063,N,12118.85478,W,1,12,0.91,1147.2,M,-21.3,M,,*44",
        "$GNGSA,A,3,01,11,31,14,22,32,04,25,03,,,,1.56,0.91,1.27*15",
        "$GPGSV,4,1,13,01,53,280,36,03,29,301,24,04,55,223,37,08,38,166,16*7C",
        "$GNGLL,4404.14063,N,12118.85478,W,171926.00,A,A*66",
        "$GNGGA,171926.00,4404.14063,N,12118.85478,W,1,12,0.91,1147.2,M,-21.3,M,,*45", // bad checksum
        "$GNGGA,171926.00,4404.1", // truncated by the next '$'
        "$GNRMC,171926.00,A,4404.14063,N,12118.85478,W,0.117,,180315,,,A", // no checksum
    };

    @Test
    void parsingAllocatesNothingPerSentenceAfterWarmUp() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < 100; r++) {
            for (String s : EPOCH) {
                sb.append(s).append(s.endsWith(",4404.1") ? "" : "\r\n");
            }
        }
        byte[] stream = sb.toString().getBytes(StandardCharsets.US_ASCII);
        int sentencesPerFeed = 100 * EPOCH.length;
        NmeaParser parser = new NmeaParser();
        GpsFix last = new GpsFix();
        NmeaParser.Listener listener = (fix, stamp) -> last.copyFrom(fix);
        int feeds = 2_000;
        long allocated = 0;
        for (int round = 0; round < 3; round++) {
            long before = mx.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < feeds; i++) {
                parser.feed(stream, 0, stream.length, i, listener);
            }
            allocated = mx.getCurrentThreadAllocatedBytes() - before;
        }
        long sentences = (long) feeds * sentencesPerFeed;
        System.out.printf("NmeaParser: %d bytes allocated parsing %d sentences after warm-up%n", allocated, sentences);
        assertEquals(3L * feeds * 100 * 3, parser.rejectTotal(), "three rejects per epoch");
        assertEquals(3L * feeds * 100 * 2, parser.fixCount(), "GGA and RMC per epoch");
        assertTrue(last.has(GpsFix.POSITION), "the listener saw fixes with a position");
        // ThreadMXBean's own bookkeeping may cost a few bytes; nothing proportional to sentences.
        assertTrue(allocated < 1024, allocated + " bytes allocated over " + sentences + " sentences");
    }
}
