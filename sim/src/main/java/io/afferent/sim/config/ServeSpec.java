package io.afferent.sim.config;

import java.nio.file.Path;

/**
 * How {@code sim serve} exposes one simulated sensor as a serial device.
 *
 * @param link                 stable symbolic link to the pseudo-terminal (re-pointed after a reconnect)
 * @param protocol             {@code nmea} (GPS) or {@code witmotion} (IMU)
 * @param baudRate             line rate; bytes are paced at baud/10 per second (8N1)
 * @param magMicroteslaPerCount WitMotion only: µT per magnetometer count written
 */
public record ServeSpec(Path link, String protocol, int baudRate, double magMicroteslaPerCount) {
    /** Time one byte takes on the line (10 bits: start, 8 data, stop). */
    public long byteTimeNanos() {
        return Math.round(10e9 / baudRate);
    }
}
