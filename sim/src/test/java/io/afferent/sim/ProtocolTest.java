package io.afferent.sim;

import io.afferent.api.msg.GpsFix;
import io.afferent.api.msg.Imu;
import io.afferent.api.truth.TruthState;
import io.afferent.drivers.nmea.NmeaParser;
import io.afferent.drivers.witmotion.WitMotionParser;
import io.afferent.sim.protocol.Nmea0183;
import io.afferent.sim.protocol.WitMotion;
import io.afferent.sim.run.VirtualRun;
import io.afferent.sim.sensor.GpsEpoch;
import io.afferent.sim.sensor.GpsSensor;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the simulator writes, read back with the real parsers. */
class ProtocolTest {
    private static final String DRIVE = "seed: 21\norigin: {lat_deg: -33.8568, lon_deg: -151.2153, alt_m: 4}\n"
            + "field: {width_m: 40, length_m: 40}\ncourse: {type: random, speed_mps: 1.0, duration: 20m}\n";

    @Test
    void nmeaEpochsParseBackToTheSimulatedFixWithinTheFormatsResolution() throws Exception {
        // Frequent fix losses so that no-fix epochs are covered too; southern and western hemispheres.
        var b = TestWorlds.build(TestWorlds.profile(DRIVE, "gps", "sim-gps", 10, "outage_per_hour: 20"), 0);
        GpsSensor sensor = (GpsSensor) b.source("gps").sensor();
        NmeaParser parser = new NmeaParser();
        Nmea0183 writer = new Nmea0183();
        TruthState truth = new TruthState();
        int[] fixes = {0, 0};
        List<GpsFix> ggaFixes = new ArrayList<>();
        new VirtualRun(b.sources()).runFor(1_200_000_000_000L, (i, s, m, t) -> {
            GpsFix mine = (GpsFix) m;
            GpsEpoch e = sensor.lastEpochFor(mine);
            int len = writer.encode(e);
            String text = new String(writer.buffer(), 0, len, StandardCharsets.US_ASCII);
            for (String line : text.split("\r\n")) {
                assertTrue(line.length() <= 80, "NMEA line longer than 82 with CR LF: " + line);
            }
            ggaFixes.clear();
            parser.feed(writer.buffer(), 0, len, 0, (fix, stamp) -> {
                // Field by field: the parser's fix class is the drivers' (the same fields as the API's GpsFix).
                GpsFix copy = new GpsFix();
                copy.validMask = fix.validMask;
                copy.utcMillisOfDay = fix.utcMillisOfDay;
                copy.utcDate = fix.utcDate;
                copy.latitudeDeg = fix.latitudeDeg;
                copy.longitudeDeg = fix.longitudeDeg;
                copy.altitudeM = fix.altitudeM;
                copy.speedMps = fix.speedMps;
                copy.courseDeg = fix.courseDeg;
                copy.fixQuality = fix.fixQuality;
                copy.satellites = fix.satellites;
                copy.hdop = fix.hdop;
                copy.sentenceType = fix.sentenceType;
                copy.talker = fix.talker;
                ggaFixes.add(copy);
            });
            assertEquals(2, ggaFixes.size(), "RMC and GGA each publish: " + text);
            GpsFix gga = ggaFixes.get(1);
            assertEquals(mine.validMask, gga.validMask, text);
            assertEquals(mine.utcMillisOfDay, gga.utcMillisOfDay);
            assertEquals(mine.utcDate, gga.utcDate);
            assertEquals(mine.fixQuality, gga.fixQuality);
            assertEquals(mine.satellites, gga.satellites);
            assertEquals(mine.hdop, gga.hdop, 1e-12);
            assertEquals(mine.sentenceType, gga.sentenceType);
            assertEquals(mine.talker, gga.talker);
            if (gga.has(GpsFix.POSITION)) {
                fixes[0]++;
                assertEquals(mine.latitudeDeg, gga.latitudeDeg, 1e-12);
                assertEquals(mine.longitudeDeg, gga.longitudeDeg, 1e-12);
                assertEquals(mine.altitudeM, gga.altitudeM, 1e-9);
                assertEquals(mine.speedMps, gga.speedMps, 1e-9);
                assertEquals(Double.isNaN(mine.courseDeg), Double.isNaN(gga.courseDeg));
                if (!Double.isNaN(mine.courseDeg)) {
                    assertEquals(mine.courseDeg, gga.courseDeg, 1e-9);
                }
                // Within the format's resolution of the receiver's (noisy) position: half of 1e-5 minute.
                double halfStep = 0.5e-5 / 60 + 1e-12;
                assertEquals(e.latitudeDeg, gga.latitudeDeg, halfStep);
                assertEquals(e.longitudeDeg, gga.longitudeDeg, halfStep);
                assertTrue(gga.latitudeDeg < 0 && gga.longitudeDeg < 0);
                // And near the truth: a hobby receiver within a few tens of metres.
                b.factory().world().truthAt(t, truth);
                double errM = Math.hypot(b.factory().world().geo().eastM(gga.longitudeDeg) - truth.eastM,
                        b.factory().world().geo().northM(gga.latitudeDeg) - truth.northM);
                assertTrue(errM < 40, "error " + errM);
            } else {
                fixes[1]++;
                assertEquals(0, gga.fixQuality);
            }
        });
        assertEquals(0, parser.rejectTotal(), "every sentence valid, checksums correct");
        assertEquals(3L * 12_000, parser.decodedCount());
        assertTrue(fixes[0] > 1000 && fixes[1] > 50, "fix and no-fix epochs: " + fixes[0] + "/" + fixes[1]);
    }

    @Test
    void nmeaChecksumsAndTimeAreWrittenAsTheStandardSays() {
        GpsEpoch e = new GpsEpoch();
        e.utcEpochDay = 20_240; // 2025-06-01
        e.utcMillisOfDay = 12 * 3_600_000 + 34 * 60_000 + 56_780;
        e.quality = 1;
        e.satellites = 8;
        e.hdop = 0.94;
        e.latitudeDeg = 48.1173;
        e.longitudeDeg = 11.516666667;
        e.altitudeM = 545.4;
        e.speedMps = 22.4 * 1852 / 3600;
        e.courseDeg = 84.4;
        Nmea0183 w = new Nmea0183();
        String text = new String(w.buffer(), 0, w.encode(e), StandardCharsets.US_ASCII);
        String[] lines = text.split("\r\n");
        assertEquals("$GPRMC,123456.78,A,4807.03800,N,01131.00000,E,22.400,84.40,010625,,,A", lines[0].substring(0, lines[0].indexOf('*')));
        assertEquals("$GPGGA,123456.78,4807.03800,N,01131.00000,E,1,08,0.94,545.4,M,47.0,M,,", lines[2].substring(0, lines[2].indexOf('*')));
        for (String line : lines) {
            int sum = 0;
            for (int i = 1; i < line.indexOf('*'); i++) {
                sum ^= line.charAt(i);
            }
            assertEquals(String.format("%02X", sum), line.substring(line.indexOf('*') + 1));
        }
    }

    @Test
    void witMotionFramesParseBackWithinTheProtocolsResolution() throws Exception {
        var b = TestWorlds.build(TestWorlds.profile(DRIVE + "slope: {east_pct: 4, north_pct: -3}\n", "imu", "sim-imu", 200,
                "report_angle: true"), 0);
        WitMotionParser parser = new WitMotionParser(0.5);
        byte[] buf = new byte[WitMotion.SAMPLE_BYTES];
        long[] frames = {0};
        new VirtualRun(b.sources()).runFor(60_000_000_000L, (i, s, msg, t) -> {
            Imu m = (Imu) msg;
            assertEquals(WitMotion.SAMPLE_BYTES, WitMotion.encode(m, 0.5, buf, 0));
            for (byte x : buf) {
                if (parser.accept(x, 0) == WitMotionParser.FRAME) {
                    frames[0]++;
                    var f = parser.imu();
                    if ((f.validMask & Imu.ACCEL) != 0) {
                        assertEquals(m.accelX, f.accelX, 16 * 9.80665 / 32768);
                        assertEquals(m.accelY, f.accelY, 16 * 9.80665 / 32768);
                        assertEquals(m.accelZ, f.accelZ, 16 * 9.80665 / 32768);
                        assertEquals(m.temperatureC, f.temperatureC, 0.01);
                    }
                    if ((f.validMask & Imu.GYRO) != 0) {
                        double q = Math.toRadians(2000) / 32768;
                        assertEquals(m.gyroX, f.gyroX, q);
                        assertEquals(m.gyroY, f.gyroY, q);
                        assertEquals(m.gyroZ, f.gyroZ, q);
                    }
                    if ((f.validMask & Imu.ANGLE) != 0) {
                        double q = Math.PI / 32768;
                        assertEquals(m.rollRad, f.rollRad, q);
                        assertEquals(m.pitchRad, f.pitchRad, q);
                        assertEquals(m.yawRad, f.yawRad, q);
                    }
                    if ((f.validMask & Imu.MAG) != 0) {
                        assertEquals(m.magX, f.magX, 0.5);
                        assertEquals(m.magZ, f.magZ, 0.5);
                    }
                }
            }
        });
        assertEquals(4L * 200 * 60, frames[0]);
        assertEquals(0, parser.rejectTotal());
    }

    @Test
    void witMotionSaturatesBeyondItsRange() {
        Imu m = new Imu();
        m.accelX = 40 * 9.80665;
        m.gyroZ = -Math.toRadians(5000);
        byte[] buf = new byte[WitMotion.SAMPLE_BYTES];
        WitMotion.encode(m, 1, buf, 0);
        WitMotionParser p = new WitMotionParser();
        List<double[]> frames = new ArrayList<>(); // accelX, gyroZ of each frame
        for (byte x : buf) {
            if (p.accept(x, 0) == WitMotionParser.FRAME) {
                frames.add(new double[]{p.imu().accelX, p.imu().gyroZ});
            }
        }
        assertEquals(32767.0 / 32768 * 16 * 9.80665, frames.get(0)[0], 1e-9);
        assertEquals(-Math.toRadians(2000), frames.get(1)[1], 1e-9);
    }
}
