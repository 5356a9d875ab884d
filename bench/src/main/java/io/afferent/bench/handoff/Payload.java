package io.afferent.bench.handoff;

import io.afferent.api.msg.GpsFix;
import io.afferent.api.msg.Imu;
import io.afferent.api.MessageType;
import io.afferent.api.msg.Wheels;

/**
 * The message sizes the runtime carries, filled the way a driver fills them: an IMU sample (13 doubles and a
 * mask), a GPS fix (7 doubles, 8 ints) and a wheel-encoder sample (4 longs, 3 doubles). For Afferent's ring
 * the fields are written in place into the preallocated message of a topic's ring slot; for the JDK queues a message object
 * is allocated per message, as code written with them does.
 */
enum Payload {
    IMU(Imu.TYPE) {
        @Override
        void fill(Object s, long k) {
            Imu m = (Imu) s;
            m.validMask = Imu.ACCEL | Imu.GYRO | Imu.MAG | Imu.TEMPERATURE;
            m.accelX = k * 1e-3; m.accelY = 0.1; m.accelZ = 9.81;
            m.gyroX = 0.01; m.gyroY = -0.01; m.gyroZ = k * 1e-6;
            m.magX = 20; m.magY = 5; m.magZ = -40;
            m.rollRad = 0.01; m.pitchRad = -0.02; m.yawRad = 1.5;
            m.temperatureC = 25;
        }

        @Override
        Message message(long k, long publishedNanos) {
            return new ImuMessage(publishedNanos, k * 1e-3, 0.1, 9.81, 0.01, -0.01, k * 1e-6, 20, 5, -40, 0.01, -0.02,
                    1.5, 25);
        }
    },
    GPS(GpsFix.TYPE) {
        @Override
        void fill(Object s, long k) {
            GpsFix g = (GpsFix) s;
            g.validMask = GpsFix.TIME | GpsFix.POSITION | GpsFix.ALTITUDE | GpsFix.VELOCITY | GpsFix.QUALITY;
            g.utcMillisOfDay = (int) k;
            g.latitudeDeg = 52.2053 + k * 1e-9;
            g.longitudeDeg = 0.1218;
            g.altitudeM = 15;
            g.speedMps = 0.8;
            g.courseDeg = 45;
            g.fixQuality = 1;
            g.fixMode = 3;
            g.satellites = 9;
            g.hdop = 0.9;
        }

        @Override
        Message message(long k, long publishedNanos) {
            return new GpsMessage(publishedNanos, (int) k, 52.2053 + k * 1e-9, 0.1218, 15, 0.8, 45, 1, 3, 9, 0.9);
        }
    },
    WHEELS(Wheels.TYPE) {
        @Override
        void fill(Object o, long k) {
            Wheels w = (Wheels) o;
            w.leftTicks = k;
            w.rightTicks = k + 1;
            w.ticksPerRevolution = 1440;
            w.leftTicksPerS = 1000;
            w.rightTicksPerS = 1001;
            w.lastEdgeNanos = k;
        }

        @Override
        Message message(long k, long publishedNanos) {
            return new WheelsMessage(publishedNanos, k, k + 1, 1440, 1000, 1001, k);
        }
    };

    final MessageType<?> type;

    Payload(MessageType<?> type) {
        this.type = type;
    }

    /** Fills message {@code k} into a cleared message of {@link #type}. */
    abstract void fill(Object s, long k);

    /** Message {@code k} as a new object, for a queue. */
    abstract Message message(long k, long publishedNanos);

    static Payload of(String name) {
        return valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }

    /** What a queue carries: its publication time, to measure the hand-off. */
    interface Message {
        long publishedNanos();
    }

    record ImuMessage(long publishedNanos, double ax, double ay, double az, double gx, double gy, double gz, double mx,
                      double my, double mz, double roll, double pitch, double yaw, double temperatureC) implements Message {
    }

    record GpsMessage(long publishedNanos, int utcMillis, double lat, double lon, double alt, double speed, double course,
                      int quality, int mode, int satellites, double hdop) implements Message {
    }

    record WheelsMessage(long publishedNanos, long left, long right, int ticksPerRev, double leftRate, double rightRate,
                         long lastEdge) implements Message {
    }
}
