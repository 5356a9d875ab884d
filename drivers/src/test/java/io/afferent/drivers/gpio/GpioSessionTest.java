package io.afferent.drivers.gpio;

import com.pi4j.io.gpio.digital.DigitalOutput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Provider selection on faked machines, pin bookkeeping, the heartbeat output. */
class GpioSessionTest {
    @TempDir
    Path root;

    private void write(String path, String text) throws IOException {
        Path p = root.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text, StandardCharsets.UTF_8);
    }

    @Test
    void missingGpioChipIsAClearError() {
        GpioHost laptop = GpioHost.detect(root, "amd64");
        for (GpioProvider p : List.of(GpioProvider.AUTO, GpioProvider.GPIOD)) {
            GpioUnavailableException e = assertThrows(GpioUnavailableException.class,
                    () -> GpioSession.open(p, null, laptop));
            assertTrue(e.getMessage().startsWith("no GPIO chip found (no /dev/gpiochip*)"), e.getMessage());
            assertTrue(e.getMessage().contains("tried provider 'gpiod'"), e.getMessage());
            assertTrue(e.getMessage().contains("'provider: mock'"), e.getMessage());
        }
    }

    @Test
    void detectsARaspberryPiFromTheDeviceTree() throws IOException {
        write("proc/device-tree/model", "Raspberry Pi 5 Model B Rev 1.0\0");
        write("dev/gpiochip0", "");
        write("dev/gpiochip10", "");
        GpioHost pi = GpioHost.detect(root, "aarch64");
        assertTrue(pi.raspberryPi());
        assertEquals("Raspberry Pi 5 Model B Rev 1.0", pi.model());
        assertEquals(List.of("gpiochip0", "gpiochip10"), pi.chips());
        assertTrue(pi.nativeGpiodAvailable());
    }

    @Test
    void aChipOnAnotherBoardIsRefusedWithTheReason() throws IOException {
        write("sys/firmware/devicetree/base/model", "Some Other Board\0");
        write("dev/gpiochip0", "");
        GpioUnavailableException e = assertThrows(GpioUnavailableException.class,
                () -> GpioSession.open(GpioProvider.AUTO, null, GpioHost.detect(root, "aarch64")));
        assertTrue(e.getMessage().contains("not a Raspberry Pi"), e.getMessage());
        assertTrue(e.getMessage().contains("'Some Other Board'"), e.getMessage());
    }

    @Test
    void aNamedChipMustExist() throws IOException {
        write("proc/device-tree/model", "Raspberry Pi 4 Model B Rev 1.4");
        write("dev/gpiochip0", "");
        GpioUnavailableException e = assertThrows(GpioUnavailableException.class,
                () -> GpioSession.open(GpioProvider.GPIOD, "gpiochip4", GpioHost.detect(root, "aarch64")));
        assertTrue(e.getMessage().contains("'gpiochip4' not found"), e.getMessage());
    }

    @Test
    void mockIsUsedOnlyWhenAskedFor() throws Exception {
        GpioSession s = GpioSession.open(GpioProvider.MOCK, null, GpioHost.detect(root, "amd64"));
        assertEquals(GpioProvider.MOCK, s.provider());
        s.close();
    }

    @Test
    void twoSourcesCannotShareAPin() {
        GpioSession s = GpioSession.mock();
        assertNull(s.reserve(17, "sources.wheels"));
        assertNull(s.reserve(17, "sources.wheels"));
        assertEquals("BCM 17 is already used by sources.wheels", s.reserve(17, "sources.bumper"));
        s.close();
    }

    @Test
    void attachmentsStartWhenEveryExpectedSourceHasOpenedAndStopAtTheEnd() throws Exception {
        GpioSession s = GpioSession.mock();
        int[] events = new int[2];
        s.attach(new GpioSession.Attachment() {
            @Override
            public void start(GpioSession session) {
                events[0]++;
            }

            @Override
            public void stop() {
                events[1]++;
            }
        });
        s.expectUser();
        s.expectUser();
        s.acquire();
        assertEquals(0, events[0]);
        s.acquire();
        assertEquals(1, events[0]);
        s.release(false);                  // a restart: the session stays
        s.acquire();
        assertEquals(1, events[0]);
        s.release(true);
        s.release(true);
        assertEquals(1, events[1]);
        assertTrue(s.closed());
    }

    @Test
    void heartbeatTogglesOncePerCycle() {
        GpioSession s = GpioSession.mock();
        HeartbeatPin hb = new HeartbeatPin(s, 21);
        DigitalOutput pin = s.output(21);
        int[] edges = new int[1];
        pin.addListener(e -> edges[0]++);
        for (int i = 0; i < 10; i++) {
            hb.beat(i);
            assertEquals(i % 2 == 0, pin.state().isHigh());
        }
        assertEquals(10, edges[0]);
        assertEquals(10, hb.toggles());
        s.close();
        hb.beat(11);                      // after the run: a no-op, never an exception
        assertEquals(10, hb.toggles());
        assertEquals(0, hb.failures());
    }
}
