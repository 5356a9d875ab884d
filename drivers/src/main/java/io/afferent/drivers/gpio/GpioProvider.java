package io.afferent.drivers.gpio;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Which Pi4J provider backs the pins of a run, as named in a profile ({@code params.provider}). */
public enum GpioProvider {
    /** gpiod on a Raspberry Pi with a GPIO chip; an error anywhere else (never a silent fallback to mock). */
    AUTO,
    /** Pi4J's gpiod provider: the GPIO character device {@code /dev/gpiochip*} (Pi 4 and Pi 5). */
    GPIOD,
    /** Pi4J's mock provider: pins in memory, driven by tests or the laptop simulator. */
    MOCK;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The words a profile may use, in order, for {@code ConfigMap.choice}. */
    public static Map<String, GpioProvider> choices() {
        Map<String, GpioProvider> m = new LinkedHashMap<>();
        for (GpioProvider p : values()) {
            m.put(p.word(), p);
        }
        return m;
    }
}
