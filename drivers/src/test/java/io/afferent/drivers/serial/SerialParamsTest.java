package io.afferent.drivers.serial;

import io.afferent.api.ConfigError;
import io.afferent.drivers.testing.TestRun;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The params of {@code nmea-serial} and {@code witmotion-serial} through the plugin's registered factories: defaults,
 * and each error with file:line:col, the key and what is allowed.
 */
class SerialParamsTest {
    private static String profile(String type, String params) {
        return """
                sources:
                  gps:
                    type: %s
                    params:
                %s""".formatted(type, params.indent(6));
    }

    private static String error(String type, String params) throws Exception {
        try (TestRun run = TestRun.of("test.yaml", profile(type, params))) {
            return assertThrows(ConfigError.class, () -> run.source("gps")).getMessage();
        }
    }

    @Test
    void defaultsAre9600Baud8N1FailingWhenMissingWithA100msReadTimeout() throws Exception {
        try (TestRun run = TestRun.of("test.yaml", profile("nmea-serial", "port: /dev/ttyUSB0"))) {
            NmeaSerialGps gps = (NmeaSerialGps) run.source("gps");
            assertEquals(new SerialSettings("/dev/ttyUSB0", 9600, 8, SerialSettings.Parity.NONE,
                    SerialSettings.StopBits.ONE, false, 100), gps.port().settings());
        }
    }

    @Test
    void everySettingIsRead() throws Exception {
        String params = """
                port: /dev/serial/by-id/usb-imu
                baud: 921600
                data_bits: 7
                parity: even
                stop_bits: 1.5
                wait_for_device: true
                read_timeout: 20ms
                mag_ut_per_count: 0.0667
                """;
        try (TestRun run = TestRun.of("test.yaml", profile("witmotion-serial", params))) {
            WitMotionSerialImu imu = (WitMotionSerialImu) run.source("gps");
            assertEquals(new SerialSettings("/dev/serial/by-id/usb-imu", 921_600, 7, SerialSettings.Parity.EVEN,
                    SerialSettings.StopBits.ONE_POINT_FIVE, true, 20), imu.port().settings());
        }
        try (TestRun run = TestRun.of("test.yaml", profile("nmea-serial", "port: /dev/ttyS0\nstop_bits: 2"))) {
            assertEquals(SerialSettings.StopBits.TWO, ((NmeaSerialGps) run.source("gps")).port().settings().stopBits());
        }
    }

    @Test
    void portIsRequired() throws Exception {
        assertEquals("test.yaml:5:7: sources.gps.params.port: is required but missing",
                error("nmea-serial", "baud: 9600"));
        assertEquals("test.yaml:5:13: sources.gps.params.port: is empty (allowed: a device path such as /dev/ttyUSB0 "
                        + "or /dev/serial/by-id/...)",
                error("nmea-serial", "port: ''"));
    }

    @Test
    void numbersOutOfRangeNameTheRange() throws Exception {
        assertEquals("test.yaml:6:13: sources.gps.params.baud: 10 is out of range (allowed: 50 to 4000000)",
                error("nmea-serial", "port: /dev/ttyS0\nbaud: 10"));
        assertEquals("test.yaml:6:18: sources.gps.params.data_bits: 9 is out of range (allowed: 5 to 8)",
                error("nmea-serial", "port: /dev/ttyS0\ndata_bits: 9"));
        assertEquals("test.yaml:6:21: sources.gps.params.read_timeout: 2s is out of range (allowed: 1ms to 1s)",
                error("nmea-serial", "port: /dev/ttyS0\nread_timeout: 2s"));
        assertEquals("test.yaml:6:25: sources.gps.params.mag_ut_per_count: 0 is out of range (allowed: 1.0E-9 to 1000000)",
                error("witmotion-serial", "port: /dev/ttyS0\nmag_ut_per_count: 0"));
    }

    @Test
    void wordsOutsideTheirSetListWhatIsAllowed() throws Exception {
        assertEquals("test.yaml:6:15: sources.gps.params.parity: 'weird' is not allowed "
                + "(allowed: none, odd, even, mark, space)", error("nmea-serial", "port: /dev/ttyS0\nparity: weird"));
        assertEquals("test.yaml:6:18: sources.gps.params.stop_bits: '3' is not allowed (allowed: 1, 1.5, 2)",
                error("nmea-serial", "port: /dev/ttyS0\nstop_bits: 3"));
        assertEquals("test.yaml:6:24: sources.gps.params.wait_for_device: expected true or false, found text 'later'",
                error("nmea-serial", "port: /dev/ttyS0\nwait_for_device: later"));
    }

    @Test
    void unknownKeysAreRejectedWithTheKeysEachTypeAccepts() throws Exception {
        assertEquals("test.yaml:6:7: sources.gps.params.baud_rate: unknown key in sources.gps.params (allowed: port, "
                        + "baud, data_bits, parity, stop_bits, wait_for_device, read_timeout)",
                error("nmea-serial", "port: /dev/ttyS0\nbaud_rate: 9600"));
        assertEquals("test.yaml:6:7: sources.gps.params.mag_scale: unknown key in sources.gps.params (allowed: port, "
                        + "baud, data_bits, parity, stop_bits, wait_for_device, read_timeout, mag_ut_per_count)",
                error("witmotion-serial", "port: /dev/ttyS0\nmag_scale: 1"));
    }
}
