package io.afferent.record;

import io.afferent.api.MessageType;
import io.afferent.api.Unit;
import io.afferent.mcap.CdrWriter;
import io.afferent.mcap.Ros2Cdr;
import io.afferent.mcap.Ros2Schemas;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExactCodecTest {
    public static final class Cell {
        @Unit("V") public float volts;
        public short index;
    }

    /** A user type with every primitive kind, a fixed array and a nested part. */
    public static final class Battery {
        public boolean charging;
        public byte state;
        public int cycles;
        public long uptimeNanos;
        @Unit("V") public double packVolts;
        public final double[] cellVolts = new double[4];
        public final Cell weakest = new Cell();
    }

    static final MessageType<Battery> TYPE = MessageType.of("my_robot/battery", Battery.class);

    @Test
    void theSequenceIsReadWithoutDecodingTheMessage() {
        ExactCodec<Battery> codec = new ExactCodec<>(TYPE);
        CdrWriter cdr = new CdrWriter();
        for (long seq : new long[]{0, 1, 0x0102030405060708L, -5, Long.MAX_VALUE}) {
            codec.encode(cdr, seq, 7, 8, 9, TYPE.create());
            byte[] payload = java.util.Arrays.copyOf(cdr.array(), cdr.size());
            assertEquals(seq, ExactCodec.sequenceOf(payload));
            assertEquals(seq, codec.decode(payload, TYPE.create()).sequence());
        }
    }

    @Test
    void roundTripsEveryKindBitForBitIncludingNaNAndNegativeZero() {
        ExactCodec<Battery> codec = new ExactCodec<>(TYPE);
        assertEquals("afferent_msgs/msg/MyRobotBattery", codec.schema().name());
        Battery b = TYPE.create();
        b.charging = true;
        b.state = -3;
        b.cycles = 123456;
        b.uptimeNanos = Long.MIN_VALUE + 7;
        b.packVolts = Double.longBitsToDouble(0x7ff8000000000123L); // a NaN with a payload
        b.cellVolts[0] = -0.0;
        b.cellVolts[3] = 3.7;
        b.weakest.volts = 3.1f;
        b.weakest.index = 2;
        CdrWriter cdr = new CdrWriter();
        codec.encode(cdr, 41, 1000, 2000, 3, b);
        byte[] bytes = java.util.Arrays.copyOf(cdr.array(), cdr.size());
        Battery back = TYPE.create();
        ExactCodec.Envelope e = codec.decode(bytes, back);
        assertEquals(new ExactCodec.Envelope(41, 1000, 2000, 3), e);
        assertTrue(TYPE.sameBits(b, back));
        assertNull(codec.firstDifference(b, back));
        back.weakest.volts = 3.2f;
        assertEquals("weakest.volts: 3.0999999046325684 vs 3.200000047683716", codec.firstDifference(b, back));
    }

    @Test
    void theDerivedSchemaDecodesWithTheGenericRos2Decoder() {
        ExactCodec<Battery> codec = new ExactCodec<>(TYPE);
        String text = Ros2Schemas.derive(codec.schema()).text();
        assertTrue(text.startsWith("int64 envelope_sequence\n"), text);
        assertTrue(text.contains("float64[4] cell_volts\n"), text);
        assertTrue(text.contains("float32 weakest_volts\n"), text);
        Battery b = TYPE.create();
        b.cycles = 9;
        b.cellVolts[1] = 4.2;
        CdrWriter cdr = new CdrWriter();
        codec.encode(cdr, 1, 2, 3, 4, b);
        Map<String, Object> m = Ros2Cdr.decode(java.util.Arrays.copyOf(cdr.array(), cdr.size()), codec.schema());
        assertEquals(9, ((Number) m.get("cycles")).intValue());
        assertEquals(1L, ((Number) m.get("envelope_sequence")).longValue());
    }
}
