package io.afferent.drivers.gpio;

import java.util.Map;

/**
 * The Raspberry Pi's hardware PWM as Linux shows it ({@code /sys/class/pwm/pwmchipN/pwmM}, written by
 * {@link SysfsPwmPin}): which channel of the PWM chip a BCM pin is, and what to do when the chip is absent. The PWM block is
 * enabled by a device-tree overlay ({@link #OVERLAY}); without it there is no chip. Pi 4 (BCM2711): PWM0 on BCM 12
 * or 18 is channel 0, PWM1 on BCM 13 or 19 is channel 1 (two channels: a pin of each). Pi 5 (RP1): BCM 12, 13, 18,
 * 19 are channels 0 to 3. Immutable.
 */
public final class HardwarePwm {
    /** The config.txt line for the two motor PWM pins of the README's wiring table (BCM 12 and 13). */
    public static final String OVERLAY = "dtoverlay=pwm-2chan,pin=12,func=4,pin2=13,func2=4";

    private static final Map<Integer, Integer> PI4 = Map.of(12, 0, 18, 0, 13, 1, 19, 1);
    private static final Map<Integer, Integer> PI5 = Map.of(12, 0, 13, 1, 18, 2, 19, 3);

    private HardwarePwm() {
    }

    /** The PWM chip's channel of {@code bcm} on the board {@code model}, or -1 when the pin has no hardware PWM. */
    public static int channel(String model, int bcm) {
        return (rp1(model) ? PI5 : PI4).getOrDefault(bcm, -1);
    }

    static boolean rp1(String model) {
        return model.contains("Raspberry Pi 5") || model.contains("Compute Module 5") || model.contains("Raspberry Pi 500");
    }

    /** The pins that have hardware PWM on {@code model}, for messages. */
    public static String pins(String model) {
        return rp1(model) ? "BCM 12, 13, 18, 19 (channels 0 to 3)" : "BCM 12 or 18 (PWM0) and 13 or 19 (PWM1), one pin of each";
    }

    /** What to do when {@code /sys/class/pwm} has no PWM chip. */
    public static String noChipHelp() {
        return "no hardware PWM chip in /sys/class/pwm: the Pi's PWM is off until a device-tree overlay enables it; add '"
                + OVERLAY + "' (the pins you wired) to /boot/firmware/config.txt and reboot";
    }
}
