package io.afferent.drivers.witmotion;

import static io.afferent.drivers.witmotion.WitFrames.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.afferent.drivers.serial.SerialSettings;
import io.afferent.drivers.serial.TestSerial;
import io.afferent.drivers.serial.WitMotionSerialImu;
import io.afferent.api.msg.Imu;
import io.afferent.pty.PseudoTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60) // hang guard only
class WitMotionSerialImuTest {

    @Test
    void noFrameLostThroughAPseudoTerminalAt921600Baud() throws Exception {
        int groups = 10_000; // 40,000 frames, 440 kB: ~4.8 s of a saturated 921,600 baud line
        byte[] stream = new byte[groups * 4 * 11];
        int o = 0;
        for (int g = 0; g < groups; g++) {
            for (int type = 0x51; type <= 0x54; type++) {
                System.arraycopy(frame(type, g, -g, g * 3, 0), 0, stream, o, 11);
                o += 11;
            }
        }
        try (PseudoTerminal pty = PseudoTerminal.open()) {
            WitMotionSerialImu imu = new WitMotionSerialImu(SerialSettings.of(pty.slavePath().toString(), 921_600), System::nanoTime);
            TestSerial.Run<Imu> run = TestSerial.open(imu, Imu.TYPE);
            Thread writer = TestSerial.writeInBackground(pty, stream, 4096);
            assertTrue(run.pollUntil(() -> run.sink.samples.size() == groups * 4, 5_000), "got " + run.sink.samples.size());
            writer.join();
            imu.close();
            assertEquals(0, imu.parser().rejectTotal());
            for (int i = 0; i < run.sink.samples.size(); i++) {
                Imu m = run.sink.samples.get(i).message();
                int g = i / 4;
                switch (i % 4) {
                    case 0 -> assertEquals((short) g * 16 * 9.80665 / 32768, m.accelX, 1e-9);
                    case 1 -> assertEquals(Imu.GYRO, m.validMask);
                    case 2 -> assertEquals(Imu.ANGLE, m.validMask);
                    default -> assertEquals((short) (g * 3), m.magZ, 1e-9);
                }
            }
        }
    }

    @Test
    void corruptedBytesAreCountedAndTheStreamGoesOn() throws Exception {
        byte[] good = frame(0x51, 1, 2, 2048, 2500);
        byte[] bad = frame(0x52, 1, 2, 3, 4);
        bad[5] ^= 0x10;
        byte[] stream = WitFrames.concat(good, bad, new byte[] {0x55, 0x00, 0x13}, good);
        try (PseudoTerminal pty = PseudoTerminal.open()) {
            WitMotionSerialImu imu = new WitMotionSerialImu(SerialSettings.of(pty.slavePath().toString(), 9600), System::nanoTime);
            TestSerial.Run<Imu> run = TestSerial.open(imu, Imu.TYPE);
            pty.write(stream);
            assertTrue(run.pollUntil(() -> run.sink.samples.size() == 2, 200));
            assertTrue(run.pollUntil(() -> run.count("bad_checksum") == 1, 50));
            assertEquals(1, run.count("bad_header"));
            imu.close();
        }
    }
}
