package io.afferent.drivers.gpio;

import com.pi4j.io.pwm.Pwm;
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
 * The Pi's hardware PWM through Pi4J's real linuxfs provider on a fake /sys/class/pwm (the files the kernel's PWM
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

    private static String read(Path p) throws IOException {
        return Files.readString(p).trim();
    }

    @Test
    void aPi4PwmPinIsItsChannelOfTheChipAndTheDutyIsWrittenInNanoseconds(@TempDir Path root) throws IOException {
        Path chip = fakeChip(root, 0, 2);
        GpioHost host = GpioHost.detect(root, "aarch64");
        assertEquals(0, host.motorPwmChip());
        GpioSession s = GpioSession.mockDigitalWithSysfsPwm(root.resolve("sys/class/pwm").toString(), 0,
                "Raspberry Pi 4 Model B Rev 1.4");
        try {
            Pwm right = s.pwm(13, 20_000);
            right.on(40);
            assertEquals("50000", read(chip.resolve("pwm1/period")), "20 kHz");
            assertEquals("20000", read(chip.resolve("pwm1/duty_cycle")), "40 % of 50 µs");
            assertEquals("1", read(chip.resolve("pwm1/enable")));
            assertEquals("0", read(chip.resolve("pwm0/enable")), "BCM 13 is channel 1, not 0");
            IllegalStateException sameChannel = assertThrows(IllegalStateException.class, () -> s.pwm(19, 20_000));
            assertTrue(sameChannel.getMessage().contains("BCM 19 and BCM 13 are the same PWM channel (1)"), sameChannel.getMessage());
            IllegalStateException noPwm = assertThrows(IllegalStateException.class, () -> s.pwm(5, 20_000));
            assertTrue(noPwm.getMessage().contains("BCM 5 has no hardware PWM on this board: use BCM 12 or 18"), noPwm.getMessage());
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
        GpioSession s = GpioSession.mockDigitalWithSysfsPwm(root.resolve("sys/class/pwm").toString(), -1, "Raspberry Pi 4 Model B");
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
