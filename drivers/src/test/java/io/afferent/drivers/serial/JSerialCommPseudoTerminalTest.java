package io.afferent.drivers.serial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fazecast.jSerialComm.SerialPort;
import io.afferent.pty.PseudoTerminal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Our {@link PseudoTerminal} as jSerialComm sees it: the facts the serial drivers rely on. */
@Timeout(30) // hang guard only
class JSerialCommPseudoTerminalTest {

    @Test
    void jSerialCommReadsWhatTheMasterWritesAndGetsMinusOneWhenTheMasterCloses() throws Exception {
        PseudoTerminal pty = PseudoTerminal.open();
        SerialPort port = SerialPort.getCommPort(pty.slavePath().toString());
        assertTrue(port.openPort(0), "jSerialComm opens " + pty.slavePath());
        try {
            port.setComPortParameters(921_600, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
            port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, 100, 0);
            byte[] sent = new byte[256];
            for (int i = 0; i < sent.length; i++) {
                sent[i] = (byte) i;
            }
            pty.write(sent);
            byte[] got = new byte[sent.length];
            int n = 0;
            while (n < got.length) {
                int r = port.readBytes(got, got.length - n, n);
                assertTrue(r >= 0, "read failed");
                n += r;
            }
            assertArrayEquals(sent, got);

            byte[] reply = "ok".getBytes(StandardCharsets.US_ASCII);
            assertEquals(2, port.writeBytes(reply, 2, 0));
            byte[] back = new byte[8];
            int m = 0;
            while (m < 2) {
                m += Math.max(0, pty.read(back, m, back.length - m, 1000));
            }
            assertEquals("ok", new String(back, 0, m, StandardCharsets.US_ASCII));

            pty.close();
            int r = 0;
            for (int tries = 0; tries < 50 && r >= 0; tries++) {
                r = port.readBytes(got, got.length, 0);
            }
            assertEquals(-1, r, "a read after the master closed must fail like an unplugged device");
            assertTrue(port.isOpen(), "jSerialComm still says open: the driver must not rely on isOpen()");
        } finally {
            port.closePort();
        }
    }
}
