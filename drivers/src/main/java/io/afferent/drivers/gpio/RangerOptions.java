package io.afferent.drivers.gpio;

/**
 * Settings of an HC-SR04 style ranger.
 *
 * @param speedOfSoundMps   configured, or {@link SpeedOfSound#fromTemperatureC(double)}
 * @param echoTimeoutNanos  an echo pulse that has not ended this long after the trigger is "no echo"
 *                          (HC-SR04: about 38 ms without an obstacle; 25 ms covers 4 m)
 * @param triggerPulseNanos width of the trigger pulse (10 µs per the datasheet; at least that in practice)
 * @param maxRangeM         a longer echo is reported as "no echo"
 */
public record RangerOptions(double speedOfSoundMps, long echoTimeoutNanos, long triggerPulseNanos, double maxRangeM) {
    public static RangerOptions defaults() {
        return new RangerOptions(SpeedOfSound.DEFAULT_MPS, 25_000_000L, 10_000L, 4.0);
    }
}
