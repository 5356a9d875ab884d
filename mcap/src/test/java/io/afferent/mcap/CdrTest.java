package io.afferent.mcap;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CdrTest {
    private static byte[] bytes(CdrWriter w) {
        return Arrays.copyOf(w.array(), w.size());
    }

    @Test
    void alignsEachPrimitiveToItsSizeCountedFromAfterTheHeader() {
        CdrWriter w = new CdrWriter(8);
        w.writeUint8(1).writeFloat64(1.0).writeString("ab").writeInt16(-2).writeInt32(7).writeBool(true).writeInt64(-1);
        String hex = HexFormat.of().formatHex(bytes(w));
        assertEquals("00010000"          // encapsulation: CDR little-endian, options 0
                + "01" + "00000000000000" // uint8, then pad to 8
                + "000000000000f03f"      // float64 1.0
                + "03000000" + "616200"   // string "ab": length with NUL, bytes, NUL
                + "00" + "feff"           // pad to 2, int16 -2
                + "0000" + "07000000"     // pad to 4, int32
                + "01" + "00000000000000" // bool, pad to 8
                + "ffffffffffffffff", hex);
    }

    @Test
    void readerReadsWhatTheWriterWrote() {
        CdrWriter w = new CdrWriter();
        double[] cov = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        w.writeHeader(1_700_000_000_123_456_789L, "imu_link").writeInt8(-3).writeFloat64Array(cov)
                .writeUint16(65535).writeUint32(4_000_000_000L).writeUint64(-2).writeFloat32(0.5f)
                .writeString("Grüße 🚀").writeFloat64Sequence(cov, 2, 3).writeBool(false);
        CdrReader r = new CdrReader(bytes(w));
        assertEquals(1_700_000_000_123_456_789L, r.readTime());
        assertEquals("imu_link", r.readString());
        assertEquals(-3, r.readInt8());
        assertArrayEquals(cov, r.readFloat64Array(9));
        assertEquals(65535, r.readUint16());
        assertEquals(4_000_000_000L, r.readUint32());
        assertEquals(-2, r.readUint64());
        assertEquals(0.5f, r.readFloat32());
        assertEquals("Grüße 🚀", r.readString());
        int n = r.readSequenceLength();
        assertArrayEquals(new double[]{3, 4, 5}, r.readFloat64Array(n));
        assertEquals(false, r.readBool());
        assertEquals(0, r.remaining());
    }

    @Test
    void negativeTimesSplitIntoSecondsAndNonNegativeNanoseconds() {
        CdrWriter w = new CdrWriter();
        w.writeTime(-1);
        CdrReader r = new CdrReader(bytes(w));
        assertEquals(-1, r.readInt32());
        assertEquals(999_999_999L, r.readUint32());
    }

    @Test
    void readerRejectsOtherEncapsulationsAndShortMessages() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CdrReader(new byte[]{0, 0, 0, 0, 1}));
        assertTrue(e.getMessage().contains("unsupported CDR encapsulation 00 00"), e.getMessage());
        CdrReader r = new CdrReader(new byte[]{0, 1, 0, 0, 1, 2});
        e = assertThrows(IllegalArgumentException.class, r::readInt32);
        assertTrue(e.getMessage().contains("ends at byte"), e.getMessage());
    }

    @Test
    void writingIntoTheReusedBufferAllocatesNothing() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        CdrWriter w = new CdrWriter(64);
        double[] cov = new double[9];
        StringBuilder frame = new StringBuilder("base_link");
        long sink = 0;
        for (int round = 0; round < 2; round++) {
            long before = mx.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 200_000; i++) {
                w.reset().writeHeader(i, frame).writeFloat64(i).writeFloat64Array(cov).writeUint8(i);
                sink += w.buffer().remaining();
            }
            long allocated = mx.getCurrentThreadAllocatedBytes() - before;
            if (round == 1) {
                System.out.println("CdrWriter: " + allocated + " bytes allocated over 200000 messages after warm-up");
                assertTrue(allocated < 4096, allocated + " bytes allocated");
            }
        }
        assertTrue(sink > 0);
    }
}
