package io.afferent.drivers.witmotion;

import static io.afferent.drivers.witmotion.WitFrames.concat;
import static io.afferent.drivers.witmotion.WitFrames.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.afferent.api.msg.Imu;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WitMotionParserTest {
    private final WitMotionParser parser = new WitMotionParser();
    private final List<Imu> samples = new ArrayList<>();
    private final List<Long> stamps = new ArrayList<>();

    private int feed(byte[] b, long stamp) {
        return parser.feed(b, 0, b.length, stamp, (imu, at) -> {
            Imu copy = new Imu();
            copy.copyFrom(imu);
            samples.add(copy);
            stamps.add(at);
        });
    }

    @Test
    void decodesAccelerationAndTemperature() {
        assertEquals(1, feed(frame(0x51, 2048, -2048, 32767, 2512), 0));
        Imu m = samples.get(0);
        assertEquals(Imu.ACCEL | Imu.TEMPERATURE, m.validMask);
        assertEquals(1.0 * 9.80665, m.accelX, 1e-12);      // 2048/32768*16 g = 1 g
        assertEquals(-1.0 * 9.80665, m.accelY, 1e-12);
        assertEquals(32767 / 32768.0 * 16 * 9.80665, m.accelZ, 1e-12);
        assertEquals(25.12, m.temperatureC, 1e-12);
    }

    @Test
    void decodesAngularRateInRadiansPerSecond() {
        feed(frame(0x52, 16384, -32768, 0, 0), 0);
        Imu m = samples.get(0);
        assertEquals(Imu.GYRO, m.validMask);
        assertEquals(Math.toRadians(1000), m.gyroX, 1e-12);
        assertEquals(Math.toRadians(-2000), m.gyroY, 1e-12);
    }

    @Test
    void decodesAnglesInRadians() {
        feed(frame(0x53, 16384, -8192, 32767, 0), 0);
        Imu m = samples.get(0);
        assertEquals(Imu.ANGLE, m.validMask);
        assertEquals(Math.PI / 2, m.rollRad, 1e-12);
        assertEquals(-Math.PI / 4, m.pitchRad, 1e-12);
        assertEquals(Math.PI * 32767 / 32768, m.yawRad, 1e-12);
    }

    @Test
    void decodesMagnetometerWithTheConfiguredScale() {
        WitMotionParser scaled = new WitMotionParser(0.15);
        byte[] f = frame(0x54, 100, -200, 300, 0);
        Imu[] got = new Imu[1];
        scaled.feed(f, 0, f.length, 0, (imu, t) -> got[0] = imu);
        assertEquals(Imu.MAG, got[0].validMask);
        assertEquals(15.0, got[0].magX, 1e-12);
        assertEquals(-30.0, got[0].magY, 1e-12);
        assertEquals(45.0, got[0].magZ, 1e-12);
    }

    @Test
    void unknownTypesAreCountedAndSkipped() {
        feed(concat(frame(0x50, 1, 2, 3, 4), frame(0x59, 1, 2, 3, 4), frame(0x51, 0, 0, 2048, 0)), 0);
        assertEquals(1, samples.size());
        assertEquals(2, parser.unknownCount());
        assertEquals(0, parser.rejectTotal());
    }

    @Test
    void stampIsThatOfTheHeaderByte() {
        byte[] f = frame(0x51, 0, 0, 2048, 0);
        parser.feed(f, 0, 3, 100, (imu, t) -> stamps.add(t));
        parser.feed(f, 3, 8, 200, (imu, t) -> stamps.add(t));
        assertEquals(List.of(100L), stamps);
    }

    @Test
    void badChecksumIsCountedAndTheNextFrameStillDecodes() {
        byte[] bad = frame(0x51, 1, 2, 3, 4);
        bad[10]++;
        feed(concat(bad, frame(0x52, 1, 2, 3, 4)), 0);
        assertEquals(1, parser.rejectCount(WitMotionReject.BAD_CHECKSUM));
        assertEquals(1, samples.size());
        assertEquals(Imu.GYRO, samples.get(0).validMask);
    }

    @Test
    void resynchronisesAfterALostByteByDropingOnlyTheDamagedFrame() {
        byte[] a = frame(0x51, 1, 2, 3, 4);
        byte[] damaged = new byte[10];
        System.arraycopy(a, 0, damaged, 0, 5);
        System.arraycopy(a, 6, damaged, 5, 5); // one byte lost in the middle
        feed(concat(frame(0x53, 0, 0, 0, 0), damaged, frame(0x52, 1, 2, 3, 4), frame(0x54, 1, 2, 3, 4)), 0);
        assertEquals(3, samples.size());
        assertEquals(Imu.ANGLE, samples.get(0).validMask);
        assertEquals(Imu.GYRO, samples.get(1).validMask);
        assertEquals(Imu.MAG, samples.get(2).validMask);
    }

    @Test
    void headerByteInsideNoiseOrPayloadDoesNotLoseFrames() {
        // 0x55 values inside the payload, and noise containing 0x55 0x55 before a frame
        byte[] noise = {0x00, 0x55, 0x13, 0x55, 0x55};
        feed(concat(noise, frame(0x51, 0x5555, 0x5555, 0x5551, 0x5555), frame(0x51, 0x55, 0x55, 0, 0)), 0);
        assertEquals(2, samples.size());
        assertEquals(Imu.ACCEL | Imu.TEMPERATURE, samples.get(1).validMask);
    }

    @Test
    void survivesEveryOneByteDeletionOfAStream() {
        byte[] stream = concat(frame(0x51, 1, 2, 3, 4), frame(0x52, 5, 6, 7, 8), frame(0x53, 9, 10, 11, 12),
                frame(0x54, 13, 14, 15, 16));
        for (int cut = 0; cut < stream.length; cut++) {
            WitMotionParser p = new WitMotionParser();
            byte[] damaged = new byte[stream.length - 1];
            System.arraycopy(stream, 0, damaged, 0, cut);
            System.arraycopy(stream, cut + 1, damaged, cut, stream.length - cut - 1);
            int frames = p.feed(damaged, 0, damaged.length, 0, (imu, t) -> { });
            assertEquals(3, frames, "cut at " + cut); // exactly the damaged frame is lost
        }
    }
}
