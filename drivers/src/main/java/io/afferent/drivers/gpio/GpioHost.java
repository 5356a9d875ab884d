package io.afferent.drivers.gpio;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Locale;

/**
 * What this machine offers for GPIO: the board model from the device tree and the GPIO character
 * devices. Read under an injectable root so that tests can fake a Pi or a laptop. Immutable.
 *
 * @param model board model from {@code /proc/device-tree/model} or {@code /sys/firmware/devicetree/base/model},
 *              empty when neither exists (x86 laptops)
 * @param chips {@code /dev/gpiochip*} device names, sorted
 * @param arch  {@code os.arch} of the JVM (the gpiod native library ships for aarch64 and armhf only)
 * @param pwmChips the hardware PWM chips of {@code /sys/class/pwm}: their number N ({@code pwmchipN}) and channel
 *                 count ({@code npwm}), in order of N; empty without a PWM overlay (or off a Pi)
 */
public record GpioHost(String model, List<String> chips, String arch, Map<Integer, Integer> pwmChips) {
    public GpioHost {
        chips = List.copyOf(chips);
        pwmChips = Collections.unmodifiableMap(new TreeMap<>(pwmChips));
    }

    public GpioHost(String model, List<String> chips, String arch) {
        this(model, chips, arch, Map.of());
    }

    /** The PWM chip for motors: the one with the most channels (the lowest N of those), or -1 when there is none. */
    public int motorPwmChip() {
        int best = -1;
        int channels = 0;
        for (Map.Entry<Integer, Integer> e : pwmChips.entrySet()) {
            if (e.getValue() > channels) {
                best = e.getKey();
                channels = e.getValue();
            }
        }
        return best;
    }

    /** The machine this JVM runs on. */
    public static GpioHost current() {
        return detect(Path.of("/"), System.getProperty("os.arch", ""));
    }

    public static GpioHost detect(Path root, String arch) {
        String model = readModel(root.resolve("proc/device-tree/model"));
        if (model.isEmpty()) {
            model = readModel(root.resolve("sys/firmware/devicetree/base/model"));
        }
        List<String> chips = new ArrayList<>();
        Path dev = root.resolve("dev");
        if (Files.isDirectory(dev)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dev, "gpiochip*")) {
                for (Path p : ds) {
                    chips.add(p.getFileName().toString());
                }
            } catch (IOException e) {
                // unreadable /dev: no chips found, reported as such
            }
        }
        chips.sort(null);
        Map<Integer, Integer> pwm = new TreeMap<>();
        Path sysPwm = root.resolve("sys/class/pwm");
        if (Files.isDirectory(sysPwm)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(sysPwm, "pwmchip*")) {
                for (Path p : ds) {
                    try {
                        int n = Integer.parseInt(p.getFileName().toString().substring("pwmchip".length()));
                        pwm.put(n, Integer.parseInt(Files.readString(p.resolve("npwm")).trim()));
                    } catch (NumberFormatException | IOException e) {
                        // not a chip we can use
                    }
                }
            } catch (IOException e) {
                // unreadable: no PWM chip, reported as such when PWM is asked for
            }
        }
        return new GpioHost(model, chips, arch, pwm);
    }

    private static String readModel(Path p) {
        try {
            // The device tree terminates the string with a NUL.
            return new String(Files.readAllBytes(p), StandardCharsets.UTF_8).replace("\0", "").trim();
        } catch (IOException e) {
            return "";
        }
    }

    public boolean raspberryPi() {
        return model.startsWith("Raspberry Pi");
    }

    /** Whether Pi4J's gpiod JNI library exists for this CPU. */
    public boolean nativeGpiodAvailable() {
        String a = arch.toLowerCase(Locale.ROOT);
        return a.equals("aarch64") || a.equals("arm64") || a.startsWith("arm");
    }

    public String describe() {
        return (model.isEmpty() ? "no device-tree model (not a Raspberry Pi)" : "'" + model + "'")
                + ", " + (chips.isEmpty() ? "no /dev/gpiochip*" : String.join(", ", chips.stream().map(c -> "/dev/" + c).toList()))
                + ", " + arch;
    }
}
