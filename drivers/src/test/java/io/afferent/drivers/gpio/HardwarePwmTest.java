package io.afferent.drivers.gpio;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Pi's hardware PWM through sysfs ({@link SysfsPwmPin}) on a fake /sys/class/pwm (the files the kernel's PWM
 * chip shows, with pwm0/pwm1 already exported): which channel a BCM pin is, what is written, and the errors.
 */
class HardwarePwmTest {
    private static Path fakeChip(Path root, int chip, int channels) throws IOException {
        Path c = Files.createDirectories(root.resolve("sys/class/pwm/pwmchip" + chip));
        Files.writeString(c.resolve("npwm"), channels + "\n");
        Files.writeString(c.resolve("export"), "");
        Files.writeString(c.resolve("unexport"), "");
        for (int i = 0; i < channels; i++) {
            Path ch = Files.createDirectories(c.resolve("pwm" + i));
            for (String f : List.of("enable", "period", "duty_cycle", "polarity")) {
                Files.writeString(ch.resolve(f), f.equals("polarity") ? "normal\n" : "0\n");
            }
        }
        return c;
    }

    /**
     * The value of a sysfs attribute: its first line (the kernel takes each write(2) as the whole value; this fake
     * is a plain file, where a shorter value written at offset 0 leaves the tail of a longer one after its newline).
     */
    private static String read(Path p) throws IOException {
        return Files.readAllLines(p).getFirst().trim();
    }

    @Test
    void aPi4PwmPinIsItsChannelOfTheChipAndTheDutyIsWrittenInNanoseconds(@TempDir Path root) throws IOException {
        Path chip = fakeChip(root, 0, 2);
        GpioHost host = GpioHost.detect(root, "aarch64");
        assertEquals(0, host.motorPwmChip());
        GpioSession s = GpioSession.mockDigitalWithSysfsPwm(chip, "Raspberry Pi 4 Model B Rev 1.4");
        try {
            PwmPin right = s.pwm(13, 20_000);
            assertEquals("0", read(chip.resolve("pwm1/duty_cycle")));
            assertEquals("1", read(chip.resolve("pwm1/enable")), "enabled at duty 0: a steady low");
            right.set(40);
            assertEquals("50000", read(chip.resolve("pwm1/period")), "20 kHz");
            assertEquals("20000", read(chip.resolve("pwm1/duty_cycle")), "40 % of 50 µs");
            assertEquals("0", read(chip.resolve("pwm0/enable")), "BCM 13 is channel 1, not 0");
            right.set(100);
            assertEquals("50000", read(chip.resolve("pwm1/duty_cycle")));
            right.set(5);
            assertEquals("2500", read(chip.resolve("pwm1/duty_cycle")));
            IllegalStateException sameChannel = assertThrows(IllegalStateException.class, () -> s.pwm(19, 20_000));
            assertTrue(sameChannel.getMessage().contains("BCM 19 and BCM 13 are the same PWM channel (1)"), sameChannel.getMessage());
            IllegalStateException noPwm = assertThrows(IllegalStateException.class, () -> s.pwm(5, 20_000));
            assertTrue(noPwm.getMessage().contains("BCM 5 has no hardware PWM on this board: use BCM 12 or 18"), noPwm.getMessage());
        } finally {
            s.close();
        }
        assertEquals("0", read(chip.resolve("pwm1/duty_cycle")), "duty 0 at shutdown");
        assertEquals("0", read(chip.resolve("pwm1/enable")));
    }

    /**
     * A duty change allocates nothing after warm-up (as the readers: ThreadMXBean's bytes of this thread). Pi4J
     * 3.0.3's linuxfs provider, which writes the same files, allocated about 8 KB per change here.
     */
    @Test
    void aDutyChangeAllocatesNothing(@TempDir Path root) throws IOException {
        Path chip = fakeChip(root, 0, 2);
        GpioSession s = GpioSession.mockDigitalWithSysfsPwm(chip, "Raspberry Pi 4 Model B");
        try {
            PwmPin pwm = s.pwm(12, 20_000);
            com.sun.management.ThreadMXBean threads =
                    (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
            for (int i = 0; i < 2000; i++) {
                pwm.set(10 + i % 80);
            }
            long before = threads.getCurrentThreadAllocatedBytes();
            int n = 2000;
            for (int i = 0; i < n; i++) {
                pwm.set(10 + i % 80);
            }
            long bytes = threads.getCurrentThreadAllocatedBytes() - before;
            System.out.printf("sysfs PWM: %d bytes allocated by %d duty changes%n", bytes, n);
            assertTrue(bytes < n, bytes + " bytes for " + n + " duty changes");
        } finally {
            s.close();
        }
    }

    @Test
    void aPi5HasFourChannelsOnTheRp1AndThePinsMapInOrder() {
        assertEquals(2, HardwarePwm.channel("Raspberry Pi 5 Model B Rev 1.0", 18));
        assertEquals(3, HardwarePwm.channel("Raspberry Pi 5 Model B Rev 1.0", 19));
        assertEquals(0, HardwarePwm.channel("Raspberry Pi 4 Model B Rev 1.4", 18));
        assertEquals(-1, HardwarePwm.channel("Raspberry Pi 5 Model B Rev 1.0", 6));
    }

    @Test
    void withoutAPwmChipThePwmErrorNamesTheOverlay(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("sys/class/pwm"));
        assertEquals(-1, GpioHost.detect(root, "aarch64").motorPwmChip());
        GpioSession s = GpioSession.mockDigitalWithSysfsPwm(null, "Raspberry Pi 4 Model B");
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.pwm(12, 20_000));
            assertTrue(e.getMessage().contains("no hardware PWM chip in /sys/class/pwm")
                    && e.getMessage().contains("dtoverlay=pwm-2chan,pin=12,func=4,pin2=13,func2=4")
                    && e.getMessage().contains("/boot/firmware/config.txt"), e.getMessage());
        } finally {
            s.close();
        }
    }

    @Test
    void theMotorChipIsTheOneWithTheMostChannels(@TempDir Path root) throws IOException {
        fakeChip(root, 0, 1); // e.g. a fan's PWM
        fakeChip(root, 2, 4);
        assertEquals(2, GpioHost.detect(root, "aarch64").motorPwmChip());
    }
}
