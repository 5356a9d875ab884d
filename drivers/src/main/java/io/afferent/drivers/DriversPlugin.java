package io.afferent.drivers;

import io.afferent.api.AfferentPlugin;
import io.afferent.api.Registry;
import io.afferent.api.OutputType;
import io.afferent.api.SourceType;
import io.afferent.drivers.gpio.GpioRun;
import io.afferent.drivers.gpio.GpioSourceTypes;
import io.afferent.drivers.gpio.out.GpioOutputTypes;
import io.afferent.drivers.serial.SerialSourceTypes;

/**
 * Afferent's real device drivers as a plugin, registered exactly as a user's plugin is: the serial sources
 * ({@code nmea-serial}, {@code witmotion-serial}), the GPIO sources ({@code gpio-encoders},
 * {@code gpio-encoders-poll}, {@code gpio-ranger}, {@code gpio-input}, {@code gpio-estop}), the GPIO outputs ({@code gpio-motors}, {@code gpio-digital-out}) and a run hook that gives
 * every run one GPIO session and the stages' heartbeat pins ({@link io.afferent.api.Heartbeat.Factory}).
 */
public final class DriversPlugin implements AfferentPlugin {
    @Override
    public String name() {
        return "drivers";
    }

    @Override
    public void register(Registry registry) {
        for (SourceType<?> t : SerialSourceTypes.all()) {
            registry.source(t);
        }
        for (SourceType<?> t : GpioSourceTypes.all()) {
            registry.source(t);
        }
        for (OutputType<?> t : GpioOutputTypes.all()) {
            registry.output(t);
        }
        registry.runHook(GpioRun::beforeRun);
    }
}
