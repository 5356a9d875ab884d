package io.afferent.sim.protocol;

import io.afferent.api.msg.Imu;

/**
 * Writes an IMU sample as WitMotion standard protocol frames: 0x51 acceleration (±16 g, word 4 temperature
 * in 1/100 °C), 0x52 angular rate (±2000 °/s), 0x53 angle (±180°), 0x54 magnetometer (counts), each 11 bytes:
 * 0x55, type, four little-endian int16 words, and the low byte of the sum of the first ten. Values beyond
 * the range saturate, as the sensor does. Allocation-free.
 */
public final class WitMotion {
    public static final int FRAME_BYTES = 11;
    /** Bytes of one sample (four frames). */
    public static final int SAMPLE_BYTES = 4 * FRAME_BYTES;
    private static final double G = 9.80665;

    private WitMotion() {
    }

    /** Writes the four frames of {@code m} at {@code off}; returns {@link #SAMPLE_BYTES}. */
    public static int encode(Imu m, double magMicroteslaPerCount, byte[] out, int off) {
        frame(out, off, 0x51, m.accelX / (16 * G), m.accelY / (16 * G), m.accelZ / (16 * G),
                clamp(Math.round(m.temperatureC * 100)));
        double gyro = Math.toRadians(2000);
        frame(out, off + 11, 0x52, m.gyroX / gyro, m.gyroY / gyro, m.gyroZ / gyro, 0);
        frame(out, off + 22, 0x53, m.rollRad / Math.PI, m.pitchRad / Math.PI, m.yawRad / Math.PI, 0);
        words(out, off + 33, 0x54, clamp(Math.round(m.magX / magMicroteslaPerCount)),
                clamp(Math.round(m.magY / magMicroteslaPerCount)), clamp(Math.round(m.magZ / magMicroteslaPerCount)), 0);
        return SAMPLE_BYTES;
    }

    private static void frame(byte[] out, int off, int type, double fx, double fy, double fz, int w4) {
        words(out, off, type, clamp(Math.round(fx * 32768)), clamp(Math.round(fy * 32768)),
                clamp(Math.round(fz * 32768)), w4);
    }

    private static void words(byte[] out, int off, int type, int w1, int w2, int w3, int w4) {
        out[off] = 0x55;
        out[off + 1] = (byte) type;
        le(out, off + 2, w1);
        le(out, off + 4, w2);
        le(out, off + 6, w3);
        le(out, off + 8, w4);
        int sum = 0;
        for (int i = 0; i < 10; i++) {
            sum += out[off + i] & 0xff;
        }
        out[off + 10] = (byte) sum;
    }

    private static void le(byte[] out, int off, int v) {
        out[off] = (byte) v;
        out[off + 1] = (byte) (v >> 8);
    }

    private static int clamp(long v) {
        return (int) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v));
    }
}
