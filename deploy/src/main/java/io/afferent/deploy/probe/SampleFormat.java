package io.afferent.deploy.probe;

import io.afferent.api.msg.GpsFix;
import io.afferent.api.msg.Imu;
import java.util.Locale;

/** Text and JSON renderings of GPS and IMU samples for {@code afferent probe} (not the hot path). */
final class SampleFormat {
    private SampleFormat() {
    }

    /** @param message a {@link GpsFix} or an {@link Imu} */
    static String json(Object message, long sequence, long acquiredNanos) {
        StringBuilder sb = new StringBuilder("{\"type\":\"").append(message instanceof GpsFix ? "gps" : "imu")
                .append("\",\"seq\":").append(sequence).append(",\"t_ns\":").append(acquiredNanos);
        if (message instanceof GpsFix f) {
            sb.append(",\"talker\":\"").append(talker(f.talker)).append("\",\"sentence\":\"").append(type(f.sentenceType)).append('"');
            if (f.has(GpsFix.TIME)) {
                num(sb, "utc_ms", f.utcMillisOfDay);
            }
            if (f.has(GpsFix.DATE)) {
                num(sb, "date", f.utcDate);
            }
            if (f.has(GpsFix.POSITION)) {
                num(sb, "lat", f.latitudeDeg);
                num(sb, "lon", f.longitudeDeg);
            }
            if (f.has(GpsFix.ALTITUDE)) {
                num(sb, "alt_m", f.altitudeM);
            }
            if (f.has(GpsFix.VELOCITY)) {
                num(sb, "speed_mps", f.speedMps);
                num(sb, "course_deg", f.courseDeg);
            }
            if (f.has(GpsFix.QUALITY)) {
                num(sb, "quality", f.fixQuality);
            }
            if (f.fixMode != 0) {
                num(sb, "mode", f.fixMode);
            }
            if (f.has(GpsFix.SATELLITES)) {
                num(sb, "sats", f.satellites);
            }
            if (f.has(GpsFix.DOP)) {
                num(sb, "hdop", f.hdop);
            }
        } else if (message instanceof Imu m) {
            if ((m.validMask & Imu.ACCEL) != 0) {
                num(sb, "ax", m.accelX);
                num(sb, "ay", m.accelY);
                num(sb, "az", m.accelZ);
            }
            if ((m.validMask & Imu.GYRO) != 0) {
                num(sb, "gx", m.gyroX);
                num(sb, "gy", m.gyroY);
                num(sb, "gz", m.gyroZ);
            }
            if ((m.validMask & Imu.ANGLE) != 0) {
                num(sb, "roll_rad", m.rollRad);
                num(sb, "pitch_rad", m.pitchRad);
                num(sb, "yaw_rad", m.yawRad);
            }
            if ((m.validMask & Imu.MAG) != 0) {
                num(sb, "mx", m.magX);
                num(sb, "my", m.magY);
                num(sb, "mz", m.magZ);
            }
            if ((m.validMask & Imu.TEMPERATURE) != 0) {
                num(sb, "temp_c", m.temperatureC);
            }
        }
        return sb.append('}').toString();
    }

    static String text(Object message) {
        if (message instanceof GpsFix f) {
            StringBuilder sb = new StringBuilder("gps ").append(talker(f.talker)).append(type(f.sentenceType));
            if (f.has(GpsFix.TIME)) {
                int ms = f.utcMillisOfDay;
                sb.append(String.format(Locale.ROOT, " %02d:%02d:%02d.%03d", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000));
            }
            if (f.has(GpsFix.POSITION)) {
                sb.append(String.format(Locale.ROOT, " lat %.8f lon %.8f", f.latitudeDeg, f.longitudeDeg));
            } else {
                sb.append(" no-fix");
            }
            if (f.has(GpsFix.ALTITUDE)) {
                sb.append(String.format(Locale.ROOT, " alt %.2f m", f.altitudeM));
            }
            if (f.has(GpsFix.VELOCITY)) {
                sb.append(String.format(Locale.ROOT, " %.2f m/s %.1f deg", f.speedMps, f.courseDeg));
            }
            if (f.has(GpsFix.QUALITY)) {
                sb.append(" q").append(f.fixQuality);
            }
            if (f.has(GpsFix.SATELLITES)) {
                sb.append(" sats ").append(f.satellites);
            }
            if (f.has(GpsFix.DOP)) {
                sb.append(String.format(Locale.ROOT, " hdop %.2f", f.hdop));
            }
            return sb.toString();
        }
        Imu m = (Imu) message;
        if ((m.validMask & Imu.ACCEL) != 0) {
            return String.format(Locale.ROOT, "imu accel %.4f %.4f %.4f m/s2 temp %.2f C", m.accelX, m.accelY, m.accelZ, m.temperatureC);
        }
        if ((m.validMask & Imu.GYRO) != 0) {
            return String.format(Locale.ROOT, "imu gyro %.5f %.5f %.5f rad/s", m.gyroX, m.gyroY, m.gyroZ);
        }
        if ((m.validMask & Imu.ANGLE) != 0) {
            return String.format(Locale.ROOT, "imu angle roll %.5f pitch %.5f yaw %.5f rad", m.rollRad, m.pitchRad, m.yawRad);
        }
        return String.format(Locale.ROOT, "imu mag %.1f %.1f %.1f", m.magX, m.magY, m.magZ);
    }

    private static void num(StringBuilder sb, String key, double v) {
        sb.append(",\"").append(key).append("\":");
        if (Double.isFinite(v)) {
            sb.append(v);
        } else {
            sb.append("null");
        }
    }

    private static void num(StringBuilder sb, String key, long v) {
        sb.append(",\"").append(key).append("\":").append(v);
    }

    private static String talker(int t) {
        return t == 0 ? "" : "" + (char) (t >> 8) + (char) (t & 0xff);
    }

    private static String type(int t) {
        return t == 0 ? "" : "" + (char) (t >> 16) + (char) (t >> 8 & 0xff) + (char) (t & 0xff);
    }
}
