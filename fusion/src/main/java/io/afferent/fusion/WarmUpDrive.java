package io.afferent.fusion;

import io.afferent.api.PortableMath;
import io.afferent.api.Clock;
import io.afferent.api.msg.GpsFix;
import io.afferent.api.msg.Imu;
import io.afferent.api.msg.Wheels;

/**
 * The synthetic drive a processor's detached copy is warmed up on: 2 s of straights, turns and a stop, with
 * IMU samples at 1 kHz, wheel ticks at 200 Hz and GPS fixes with course at 10 Hz, every other one late (the
 * rewind path). Without it, the first second of every run missed the deadline once or twice (the cold output
 * and update paths took ~1 ms). Set-up thread (the stage's, before the timeline starts).
 */
final class WarmUpDrive {
    /** Length of the drive, in ms of IMU samples. */
    static final int WARMUP_MS = 2000;
    private static final int CHAIN = 0;

    private WarmUpDrive() {
    }

    /** A virtual clock the drive advances: the copy's tracer times nothing real. */
    private static final class DriveClock implements Clock {
        long now;

        @Override
        public long nanoTime() {
            return now;
        }
    }

    /** Runs a new processor with {@code f} (its own state, clock, output and counters) through the drive. */
    static FusionProcessor run(FusionParams f) {
        DriveClock clock = new DriveClock();
        FusionProcessor twin = FusionProcessor.create(f, clock);
        Imu imu = new Imu();
        Wheels wheels = new Wheels();
        GpsFix gps = new GpsFix();
        double lat0 = f.originConfigured ? f.originLatDeg : 0.0;
        double lon0 = f.originConfigured ? f.originLonDeg : 0.0;
        double metresPerDegLat = 111_320.0;
        double metresPerDegLon = 111_320.0 * PortableMath.cos(Math.toRadians(lat0));
        int ticksPerRev = 1024;
        double metresPerTick = 2 * Math.PI * f.wheelRadiusM / ticksPerRev;
        double x = 0, y = 0, th = 0, left = 0, right = 0;
        for (int ms = 1; ms <= WARMUP_MS; ms++) {
            double v = ms < WARMUP_MS - 800 ? 0.6 : 0;
            double w = v > 0 && (ms / 500) % 2 == 1 ? 0.4 : 0;
            x += v * PortableMath.cos(th) * 1e-3;
            y += v * PortableMath.sin(th) * 1e-3;
            th += w * 1e-3;
            left += (v - w * f.wheelBaseM / 2) * 1e-3;
            right += (v + w * f.wheelBaseM / 2) * 1e-3;
            long t = ms * 1_000_000L;
            clock.now = t;
            imu.clear();
            imu.validMask = Imu.ACCEL | Imu.GYRO;
            // small deterministic wiggles: a constant reading would be (rightly) flagged as a stuck sensor
            imu.accelX = 0.02 * PortableMath.sin(ms * 0.37);
            imu.accelY = 0.02 * PortableMath.cos(ms * 0.53);
            imu.accelZ = 9.81 + 0.02 * PortableMath.sin(ms * 0.71);
            imu.gyroX = 0.001 * PortableMath.cos(ms * 0.29);
            imu.gyroY = 0.001 * PortableMath.sin(ms * 0.43);
            imu.gyroZ = w + 0.001 * PortableMath.sin(ms * 0.61);
            twin.onImu(imu, t, CHAIN);
            if (ms % 5 == 0) {
                wheels.clear();
                wheels.ticksPerRevolution = ticksPerRev;
                wheels.leftTicks = Math.round(left / metresPerTick);
                wheels.rightTicks = Math.round(right / metresPerTick);
                twin.onWheels(wheels, t, CHAIN);
            }
            if (ms % 100 == 0) {
                gps.clear();
                gps.validMask = GpsFix.TIME | GpsFix.POSITION | GpsFix.VELOCITY | GpsFix.QUALITY;
                gps.utcMillisOfDay = ms;
                gps.latitudeDeg = lat0 + y / metresPerDegLat;
                gps.longitudeDeg = lon0 + x / metresPerDegLon;
                gps.speedMps = v;
                gps.courseDeg = ((90 - Math.toDegrees(th)) % 360 + 360) % 360;
                gps.fixQuality = 1;
                // every other fix arrives 40 ms after its time, as from a slow receiver: the rewind path
                twin.onGps(gps, ms % 200 == 0 ? t - 40_000_000L : t, CHAIN);
            }
        }
        twin.flush();
        return twin;
    }
}
