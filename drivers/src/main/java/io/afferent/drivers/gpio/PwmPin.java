package io.afferent.drivers.gpio;

/**
 * A PWM output at a fixed frequency: its duty in whole percents, 0 (low) to 100 (high). On Pi4J's mock provider
 * ({@link GpioSession#mock()}) or the Pi's hardware PWM through sysfs ({@link SysfsPwmPin}). {@link #set} does not
 * allocate. Single writer: the output's thread; {@link #percent} may be read from any thread (logs, tests).
 */
public interface PwmPin {
    void set(int percent);

    /** The duty last set (0 until set). */
    int percent();
}
