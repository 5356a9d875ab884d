package io.afferent.drivers.gpio.out;

import io.afferent.api.OutputType;
import io.afferent.api.msg.Digital;
import io.afferent.api.msg.WheelCmd;

import java.util.List;

/** The GPIO output types: {@code gpio-motors} (wheel_cmd) and {@code gpio-digital-out} (digital). Set-up thread. */
public final class GpioOutputTypes {
    private GpioOutputTypes() {
    }

    public static List<OutputType<?>> all() {
        return List.of(new OutputType<>("gpio-motors", WheelCmd.TYPE, GpioMotors::create),
                new OutputType<>("gpio-digital-out", Digital.TYPE, GpioDigitalOut::create));
    }
}
