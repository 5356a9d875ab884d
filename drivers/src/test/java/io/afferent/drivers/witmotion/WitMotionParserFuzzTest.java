package io.afferent.drivers.witmotion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.afferent.api.msg.Imu;

/**
 * Fuzzing the WitMotion parser: no exception, values within the protocol's ranges, at most one frame per
 * eleven bytes, fixed memory. Seeds in {@code src/test/resources/io/afferent/drivers/witmotion/WitMotionParserFuzzTestInputs/}.
 */
class WitMotionParserFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void arbitraryBytesNeverBreakTheParser(FuzzedDataProvider data) {
        WitMotionParser parser = new WitMotionParser();
        int chunk = data.consumeInt(1, 64);
        byte[] bytes = data.consumeRemainingAsBytes();
        long[] frames = {0};
        for (int off = 0; off < bytes.length; off += chunk) {
            parser.feed(bytes, off, Math.min(chunk, bytes.length - off), off, (imu, stamp) -> {
                frames[0]++;
                check(imu);
            });
        }
        assertEquals(frames[0], parser.frameCount());
        assertTrue((parser.frameCount() + parser.unknownCount()) * 11 <= bytes.length);
    }

    private static void check(Imu m) {
        assertTrue(Integer.bitCount(m.validMask & (Imu.ACCEL | Imu.GYRO | Imu.ANGLE | Imu.MAG)) == 1);
        double g16 = 16 * WitMotionParser.STANDARD_GRAVITY;
        assertTrue(Math.abs(m.accelX) <= g16 && Math.abs(m.accelY) <= g16 && Math.abs(m.accelZ) <= g16);
        double w = Math.toRadians(2000);
        assertTrue(Math.abs(m.gyroX) <= w && Math.abs(m.gyroY) <= w && Math.abs(m.gyroZ) <= w);
        assertTrue(Math.abs(m.rollRad) <= Math.PI && Math.abs(m.pitchRad) <= Math.PI && Math.abs(m.yawRad) <= Math.PI);
    }
}
