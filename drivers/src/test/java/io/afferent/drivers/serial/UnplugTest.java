package io.afferent.drivers.serial;

import static io.afferent.drivers.nmea.NmeaTestSentences.gga;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.afferent.api.msg.GpsFix;
import io.afferent.pty.PseudoTerminal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Unplugging and replugging, simulated by closing a pseudo-terminal and pointing the same link at a new one. */
@Timeout(60) // hang guard only
class UnplugTest {

    private static byte[] sentences(int from, int count) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < from + count; i++) {
            sb.append(gga(i));
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void reportsDisconnectedThenReconnectsThroughTheSameLinkAndDataResumes(@TempDir Path dir) throws Exception {
        Path link = dir.resolve("serial/by-id/usb-u-blox_GNSS-if00");
        PseudoTerminal first = PseudoTerminal.open(link);
        NmeaSerialGps gps = new NmeaSerialGps(SerialSettings.of(link.toString(), 115_200), System::nanoTime);
        TestSerial.Run<GpsFix> run = TestSerial.open(gps, GpsFix.TYPE);
        String firstDevice = gps.port().openedDevice();
        assertEquals(first.slavePath().toString(), firstDevice);

        first.write(sentences(0, 10));
        assertTrue(run.pollUntil(() -> run.sink.samples.size() == 10, 500));

        // Unplug mid-sentence: half a sentence, then the device goes away.
        byte[] half = gga(10).substring(0, 30).getBytes(StandardCharsets.US_ASCII);
        first.write(half);
        assertTrue(run.pollUntil(() -> gps.parser().inSentence(), 100));
        first.close();
        assertTrue(run.pollUntil(() -> !run.context.changes.isEmpty(), 100), "disconnect reported");
        assertFalse(run.context.changes.get(0).connected());
        assertTrue(run.context.changes.get(0).detail().contains(link.toString()), run.context.changes.get(0).detail());
        assertFalse(gps.port().isDeviceOpen());
        assertEquals(1, gps.port().disconnects());
        // While unplugged, polls return promptly with nothing, and keep retrying.
        for (int i = 0; i < 5; i++) {
            assertEquals(0, gps.poll(run.sink));
        }

        try (PseudoTerminal second = PseudoTerminal.open(link)) {
            // the kernel may hand out the same /dev/pts/N again: only the link is stable
            assertTrue(run.pollUntil(() -> gps.port().isDeviceOpen(), 200), "reopened within the backoff");
            assertEquals(second.slavePath().toString(), gps.port().openedDevice(), "link resolved again");
            second.write(sentences(11, 10));
            assertTrue(run.pollUntil(() -> run.sink.samples.size() == 20, 500));
            assertEquals(2, run.context.changes.size());
            assertTrue(run.context.changes.get(1).connected(), "reconnected when data resumed");
            assertEquals(1, run.count("truncated"), "the sentence cut by the unplug is counted, not glued");
            int lastMs = run.sink.samples.get(19).message().utcMillisOfDay;
            assertEquals(20 * 1000, lastMs, "the last fix is sentence 20");
        } finally {
            gps.close();
        }
    }

    @Test
    void missingDeviceFailsWithAMessageNamingThePathAndWhatToCheck(@TempDir Path dir) {
        Path missing = dir.resolve("ttyUSB9");
        NmeaSerialGps gps = new NmeaSerialGps(SerialSettings.of(missing.toString(), 9600), System::nanoTime);
        SerialDeviceException e = assertThrows(SerialDeviceException.class, () -> TestSerial.open(gps, GpsFix.TYPE));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("dialout"), e.getMessage());
        assertTrue(e.getMessage().contains("cable"), e.getMessage());
        assertEquals(missing.toString(), e.path());
    }

    @Test
    void waitsForAMissingDeviceWhenConfiguredTo(@TempDir Path dir) throws Exception {
        Path link = dir.resolve("gps0");
        NmeaSerialGps gps = new NmeaSerialGps(SerialSettings.of(link.toString(), 9600).withWaitForDevice(true), System::nanoTime);
        TestSerial.Run<GpsFix> run = TestSerial.open(gps, GpsFix.TYPE);
        try {
            assertEquals(1, run.context.changes.size());
            assertFalse(run.context.changes.get(0).connected());
            assertTrue(run.context.changes.get(0).detail().contains("waiting for " + link), run.context.changes.get(0).detail());
            assertEquals(0, gps.poll(run.sink));
            try (PseudoTerminal pty = PseudoTerminal.open(link)) {
                assertTrue(run.pollUntil(() -> gps.port().isDeviceOpen(), 200));
                pty.write(sentences(1, 3));
                assertTrue(run.pollUntil(() -> run.sink.samples.size() == 3, 500));
                assertTrue(run.context.changes.get(1).connected());
            }
        } finally {
            gps.close();
        }
    }
}
