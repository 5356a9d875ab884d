package io.afferent.pty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30) // hang guard only; nothing here asserts timings
class PseudoTerminalTest {

    @Test
    void bytesWrittenOnTheMasterAreReadUnchangedOnTheSlave() throws Exception {
        try (PseudoTerminal pty = PseudoTerminal.open();
             InputStream slave = new FileInputStream(pty.slavePath().toFile())) {
            byte[] sent = new byte[256];
            for (int i = 0; i < sent.length; i++) {
                sent[i] = (byte) i; // every byte value, CR, LF and ^C included: the line must be raw
            }
            pty.write(sent);
            assertArrayEquals(sent, slave.readNBytes(sent.length));
        }
    }

    @Test
    void bytesWrittenOnTheSlaveAreReadOnTheMasterWithoutEcho() throws Exception {
        try (PseudoTerminal pty = PseudoTerminal.open();
             FileOutputStream slave = new FileOutputStream(pty.slavePath().toFile())) {
            byte[] hello = "hello\r\n".getBytes(StandardCharsets.US_ASCII);
            slave.write(hello);
            byte[] got = new byte[64];
            int n = 0;
            while (n < hello.length) {
                int r = pty.read(got, n, got.length - n, 1000);
                assertTrue(r >= 0, "master read failed");
                n += r;
            }
            assertEquals("hello\r\n", new String(got, 0, n, StandardCharsets.US_ASCII));
            assertEquals(0, pty.read(got, 0, got.length, 50), "raw mode: nothing echoed back");
        }
    }

    @Test
    void closingTheMasterMakesSlaveReadsFailLikeAnUnpluggedDevice() throws Exception {
        PseudoTerminal pty = PseudoTerminal.open();
        try (InputStream slave = new FileInputStream(pty.slavePath().toFile())) {
            pty.write(new byte[] {1, 2, 3});
            assertEquals(3, slave.readNBytes(3).length);
            pty.close();
            assertFalse(pty.isOpen());
            // Linux reports the hang-up as EIO; Java surfaces it as an IOException (or end of stream).
            int r;
            try {
                r = slave.read();
            } catch (IOException expected) {
                r = -2;
            }
            assertTrue(r < 0, "read after master close must fail, got " + r);
        }
        assertThrows(IOException.class, () -> pty.write(new byte[] {1}));
    }

    @Test
    void linkPointsAtTheSlaveAndCanBeRepointedAtANewTerminal(@TempDir Path dir) throws Exception {
        Path link = dir.resolve("by-id").resolve("usb-Test_GPS-if00");
        PseudoTerminal first = PseudoTerminal.open(link);
        assertEquals(first.slavePath(), Files.readSymbolicLink(link));
        assertEquals(link, first.devicePath());
        try (PseudoTerminal second = PseudoTerminal.open(link)) {
            assertNotEquals(first.slavePath(), second.slavePath());
            assertEquals(second.slavePath(), Files.readSymbolicLink(link));
            first.close(); // must not remove a link that now belongs to the second terminal
            assertEquals(second.slavePath(), Files.readSymbolicLink(link));
            assertEquals(second.slavePath(), link.toRealPath());
        }
        assertFalse(Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS), "link removed on close");
    }

    @Test
    void masterReadTimesOutWithZero() throws Exception {
        try (PseudoTerminal pty = PseudoTerminal.open();
             FileOutputStream ignored = new FileOutputStream(pty.slavePath().toFile())) {
            assertEquals(0, pty.read(new byte[8], 0, 8, 10));
        }
    }
}
