package io.afferent.drivers.serial;

import io.afferent.api.ConfigError;
import io.afferent.api.Params;
import io.afferent.api.SourceSetup;
import io.afferent.api.SourceType;
import io.afferent.api.msg.GpsFix;
import io.afferent.api.msg.Imu;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The serial source types ({@code nmea-serial}, {@code witmotion-serial}, tag {@code serial}) and their
 * {@code params}: {@code port} (required), {@code baud}, {@code data_bits}, {@code parity}, {@code stop_bits},
 * {@code wait_for_device}, {@code read_timeout}; {@code witmotion-serial} adds {@code mag_ut_per_count}.
 * Set-up thread.
 */
public final class SerialSourceTypes {
    /** The tag of a source type whose params name a serial {@code port}. */
    public static final String TAG = "serial";
    static final int DEFAULT_BAUD = 9600;

    private static final Map<String, SerialSettings.Parity> PARITY = new LinkedHashMap<>();
    private static final Map<String, SerialSettings.StopBits> STOP_BITS = new LinkedHashMap<>();

    static {
        for (SerialSettings.Parity v : SerialSettings.Parity.values()) {
            PARITY.put(v.name().toLowerCase(Locale.ROOT), v);
        }
        STOP_BITS.put("1", SerialSettings.StopBits.ONE);
        STOP_BITS.put("1.5", SerialSettings.StopBits.ONE_POINT_FIVE);
        STOP_BITS.put("2", SerialSettings.StopBits.TWO);
    }

    private SerialSourceTypes() {
    }

    public static List<SourceType<?>> all() {
        return List.of(
                SourceType.stream("nmea-serial", GpsFix.TYPE, SerialSourceTypes::nmea).tagged(TAG),
                SourceType.stream("witmotion-serial", Imu.TYPE, SerialSourceTypes::witMotion).tagged(TAG));
    }

    static NmeaSerialGps nmea(SourceSetup setup) throws ConfigError {
        Params p = setup.params();
        NmeaSerialGps gps = new NmeaSerialGps(settings(p, DEFAULT_BAUD), setup.clock());
        p.rejectUnknownKeys();
        return gps;
    }

    static WitMotionSerialImu witMotion(SourceSetup setup) throws ConfigError {
        Params p = setup.params();
        SerialSettings settings = settings(p, DEFAULT_BAUD);
        WitMotionSerialImu imu = new WitMotionSerialImu(settings, setup.clock(),
                p.number("mag_ut_per_count", 1.0, 1e-9, 1e6));
        p.rejectUnknownKeys();
        return imu;
    }

    /** Serial port settings from a serial source's params. */
    public static SerialSettings settings(Params p, int defaultBaud) throws ConfigError {
        String port = p.string("port");
        if (port.isBlank()) {
            throw p.error("port", "is empty (allowed: a device path such as /dev/ttyUSB0 or /dev/serial/by-id/...)");
        }
        int baud = (int) p.integer("baud", defaultBaud, 50, 4_000_000);
        int dataBits = (int) p.integer("data_bits", 8, 5, 8);
        SerialSettings.Parity parity = p.choice("parity", SerialSettings.Parity.NONE, PARITY);
        SerialSettings.StopBits stop = p.choice("stop_bits", SerialSettings.StopBits.ONE, STOP_BITS);
        boolean wait = p.bool("wait_for_device", false);
        int timeoutMs = (int) (p.durationNanos("read_timeout", 100_000_000L, 1_000_000L, 1_000_000_000L) / 1_000_000);
        return new SerialSettings(port, baud, dataBits, parity, stop, wait, timeoutMs);
    }
}
