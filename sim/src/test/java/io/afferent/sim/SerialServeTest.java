package io.afferent.sim;

import com.fazecast.jSerialComm.SerialPort;
import io.afferent.api.msg.GpsFix;
import io.afferent.drivers.nmea.NmeaParser;
import io.afferent.drivers.witmotion.WitMotionParser;
import io.afferent.sim.fault.FaultLog;
import io.afferent.sim.serve.SerialServer;
import io.afferent.sim.serve.ServedDevice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code sim serve}'s core: bytes streamed from pseudo-terminals, read through real jSerialComm ports and
 * decoded by the real parsers. Bounds on waiting are generous and only turn a hang into a failure; nothing
 * here asserts how long anything took.
 */
class SerialServeTest {
    private static String profile(Path dir, String gpsFaults) {
        return "sim:\n  seed: 31\n  course: {type: random, duration: 10m}\n"
                + "sources:\n"
                + "  gps:\n    type: sim-gps\n    rate_hz: 10\n    params:\n"
                + "      serve: {link: " + dir.resolve("gps0") + ", protocol: nmea, baud: 38400}\n"
                + "      faults: [" + gpsFaults + "]\n"
                + "  imu:\n    type: sim-imu\n    rate_hz: 100\n    params:\n"
                + "      serve: {link: " + dir.resolve("imu0") + ", protocol: witmotion, baud: 115200}\n"
                + "stages:\n  f:\n    type: fusion\n    deadline_us: 1000\n    inputs: [gps, imu]\n";
    }

    private static SerialServer serve(TestWorlds.Built b) throws Exception {
        SerialServer server = new SerialServer(System::nanoTime, b.factory().faultLog(), 31);
        for (String name : List.of("gps", "imu")) {
            server.add(b.source(name), b.factory().serveSpec(name).orElseThrow());
        }
        server.start();
        return server;
    }

    private static SerialPort open(Path link, int baud) {
        SerialPort port = SerialPort.getCommPort(link.toString());
        port.setComPortParameters(baud, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
        port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, 200, 0);
        assertTrue(port.openPort(), "jSerialComm opens " + link);
        return port;
    }

    private static void readUntil(SerialPort port, BooleanSupplier done, java.util.function.Consumer<byte[]> sink,
                                  int maxReads) {
        byte[] buf = new byte[4096];
        for (int i = 0; i < maxReads && !done.getAsBoolean(); i++) {
            int n = port.readBytes(buf, buf.length);
            if (n > 0) {
                sink.accept(java.util.Arrays.copyOf(buf, n));
            }
        }
    }

    @Test
    void servesNmeaAndWitMotionThatRealPortsAndParsersRead(@TempDir Path dir) throws Exception {
        var b = TestWorlds.build(profile(dir, ""), System.nanoTime());
        try (SerialServer server = serve(b)) {
            assertTrue(Files.isSymbolicLink(dir.resolve("gps0")) && Files.isSymbolicLink(dir.resolve("imu0")));
            NmeaParser nmea = new NmeaParser();
            int[] fixes = {0};
            SerialPort gps = open(dir.resolve("gps0"), 38400);
            try {
                readUntil(gps, () -> fixes[0] >= 10, bytes -> nmea.feed(bytes, 0, bytes.length, 0, (fix, t) -> {
                    if (fix.has(GpsFix.POSITION)) {
                        fixes[0]++;
                        assertEquals(52.2053, fix.latitudeDeg, 0.001);
                    }
                }), 200);
            } finally {
                gps.closePort();
            }
            assertTrue(fixes[0] >= 10, "GPS fixes read: " + fixes[0]);
            assertEquals(0, nmea.rejectTotal());

            WitMotionParser wit = new WitMotionParser();
            long[] frames = {0};
            SerialPort imu = open(dir.resolve("imu0"), 115200);
            try {
                readUntil(imu, () -> frames[0] >= 200, bytes -> {
                    for (byte x : bytes) {
                        if (wit.accept(x, 0) == WitMotionParser.FRAME) {
                            frames[0]++;
                        }
                    }
                }, 200);
            } finally {
                imu.closePort();
            }
            assertTrue(frames[0] >= 200, "IMU frames read: " + frames[0]);
            assertTrue(wit.rejectTotal() <= 2, "at most a frame cut by opening mid-stream: " + wit.rejectTotal());
            for (ServedDevice d : server.devices()) {
                assertTrue(d.bytesWritten() > 0);
            }
        }
        assertFalse(Files.exists(dir.resolve("gps0"), java.nio.file.LinkOption.NOFOLLOW_LINKS), "links removed at close");
    }

    @Test
    void disconnectRemovesTheLinkAndRecreatesItAtTheSamePath(@TempDir Path dir) throws Exception {
        var b = TestWorlds.build(profile(dir, "{type: disconnect, at: 300ms, duration: 700ms}, "
                + "{type: corrupt, at: 100ms, duration: 100ms, rate: 0.5}"), System.nanoTime());
        Path link = dir.resolve("gps0");
        try (SerialServer server = serve(b)) {
            Path first = Files.readSymbolicLink(link);
            ServedDevice gps = server.devices().get(0);
            assertTrue(poll(() -> gps.currentDevice() == null, 200), "disconnected");
            assertFalse(Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS), "link gone while unplugged");
            assertTrue(poll(() -> gps.currentDevice() != null, 200), "reconnected");
            assertTrue(Files.isSymbolicLink(link));
            assertEquals(gps.currentDevice(), Files.readSymbolicLink(link));
            assertTrue(gps.bytesWritten() > 0);
            List<FaultLog.Entry> log = b.factory().faultLog().entries();
            assertEquals(List.of("corrupt", "disconnect", "reconnect"), log.stream().map(FaultLog.Entry::fault).toList());
            assertEquals(300_000_000L, log.get(1).timeNanos());
            assertEquals(1_000_000_000L, log.get(2).timeNanos());
            assertTrue(log.get(2).detail().contains(link.toString()), log.get(2).detail());
            assertNotEquals(null, first);
        }
    }

    @Test
    void aDeviceNobodyReadsLosesOldBytesInsteadOfStallingItsWriter(@TempDir Path dir) throws Exception {
        String yaml = "sim:\n  seed: 3\nsources:\n  imu:\n    type: sim-imu\n    rate_hz: 1000\n    params:\n"
                + "      serve: {link: " + dir.resolve("imu0") + ", protocol: witmotion, baud: 921600}\n"
                + "stages:\n  f:\n    type: fusion\n    deadline_us: 1000\n    inputs: [imu]\n";
        var b = TestWorlds.build(yaml, System.nanoTime());
        try (SerialServer server = new SerialServer(System::nanoTime, b.factory().faultLog(), 3)) {
            server.add(b.source("imu"), b.factory().serveSpec("imu").orElseThrow());
            server.start();
            ServedDevice imu = server.devices().get(0);
            // 44 kB/s into a kernel buffer of a few tens of kB: without the drain the writer would block.
            assertTrue(poll(() -> imu.messagesWritten() >= 3000, 600), "writer kept going: " + imu.messagesWritten());
            assertTrue(imu.overrunBytes() > 0, "old bytes were discarded");
            WitMotionParser wit = new WitMotionParser();
            long[] frames = {0};
            SerialPort port = open(dir.resolve("imu0"), 921600);
            try {
                readUntil(port, () -> frames[0] >= 400, bytes -> {
                    for (byte x : bytes) {
                        if (wit.accept(x, 0) == WitMotionParser.FRAME) {
                            frames[0]++;
                        }
                    }
                }, 200);
            } finally {
                port.closePort();
            }
            assertTrue(frames[0] >= 400, "a late reader still reads frames: " + frames[0]);
        }
    }

    private static boolean poll(BooleanSupplier done, int times) throws InterruptedException {
        for (int i = 0; i < times && !done.getAsBoolean(); i++) {
            Thread.sleep(50);
        }
        return done.getAsBoolean();
    }
}
