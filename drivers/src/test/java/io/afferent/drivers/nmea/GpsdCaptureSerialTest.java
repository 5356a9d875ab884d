package io.afferent.drivers.nmea;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.afferent.drivers.serial.NmeaSerialGps;
import io.afferent.drivers.serial.SerialSettings;
import io.afferent.drivers.serial.TestSerial;
import io.afferent.api.msg.GpsFix;
import io.afferent.drivers.testing.CollectingOutput;
import io.afferent.pty.PseudoTerminal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every gpsd capture streamed through a real pseudo-terminal into {@link NmeaSerialGps} (real jSerialComm):
 * every valid sentence accepted or counted unknown, no bad checksum accepted, fixes agree with gpsd to
 * 1e-6 degrees, and the one driver instance keeps going from capture to capture.
 */
@Timeout(120) // hang guard only
class GpsdCaptureSerialTest {

    @Test
    void capturesThroughAPseudoTerminalAgreeWithGpsd() throws Exception {
        List<String> problems = new ArrayList<>();
        int compared = 0;
        for (GpsdCapture c : GpsdCapture.all()) {
            try (PseudoTerminal pty = PseudoTerminal.open()) {
                NmeaSerialGps gps = new NmeaSerialGps(SerialSettings.of(pty.slavePath().toString(), 921_600), System::nanoTime);
                TestSerial.Run<GpsFix> run = TestSerial.open(gps, GpsFix.TYPE);
                CaptureExpectations e = CaptureExpectations.of(c);
                byte[] stream = c.streamBytes();
                Thread writer = TestSerial.writeInBackground(pty, stream, 97);
                NmeaParser p = gps.parser();
                boolean done = run.pollUntil(() -> p.decodedCount() + p.unknownCount() >= e.validSentences()
                        && run.sink.samples.size() >= e.fixSentences() && !writer.isAlive(), 2_000);
                gps.close();
                writer.join();
                if (!done) {
                    problems.add(c.name + ": stream did not complete: " + CaptureExpectations.rejects(p));
                }
                problems.addAll(e.check(c.name, p, run.sink.samples.size()));
                assertEquals(p.rejectCount(NmeaReject.BAD_CHECKSUM), run.context.count("bad_checksum"));
                assertEquals(p.unknownCount(), run.context.count(NmeaSerialGps.UNKNOWN_SENTENCE));
                List<GpsFix> fixes = new ArrayList<>();
                for (CollectingOutput.Published<GpsFix> s : run.sink.samples) {
                    fixes.add(s.message());
                    assertTrue(s.acquiredNanos() != 0, "stamped");
                }
                GpsdCapture.Comparison cmp = c.compare(c.fixSentences(), fixes, 1e-6);
                problems.addAll(cmp.disagreements());
                compared += cmp.compared();
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(compared > 1000, "compared only " + compared);
    }
}
