package io.afferent.drivers.gpio;

/** Speed of sound in dry air. */
public final class SpeedOfSound {
    /** At 20 °C. */
    public static final double DEFAULT_MPS = fromTemperatureC(20);

    private SpeedOfSound() {
    }

    /** The usual linear approximation, {@code 331.3 + 0.606·T} m/s, good to 0.1 % from -20 to 40 °C. */
    public static double fromTemperatureC(double celsius) {
        return 331.3 + 0.606 * celsius;
    }
}
