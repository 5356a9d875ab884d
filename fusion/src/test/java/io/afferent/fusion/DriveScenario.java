package io.afferent.fusion;

import io.afferent.api.Robot;
import io.afferent.api.msg.GpsFix;
import io.afferent.api.msg.Imu;

import java.util.ArrayDeque;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Test-only deterministic world: a differential-drive robot driving random straights, turns and
 * stops (seeded), in virtual time, with sensor models: an MPU-6050 class IMU at 1 kHz (gyro white
 * noise 0.05°/s per sample, a 0.5°/s turn-on bias that random-walks, accel noise 0.04 m/s², no
 * magnetometer, no scale error unless {@link #gyroScaleError} is set), 1440-tick quadrature encoders at
 * 100 Hz (0.3 % common scale error, a left/right mismatch of {@link #wheelMismatch}, correlated slip of
 * 1 % σ with a 0.5 s correlation time, quantised cumulative ticks) and a GPS at 5 Hz with 2.5 m σ white
 * horizontal noise, optionally with its velocity (speed and course over ground, {@link
 * #gpsVelocitySigmaMps}), optionally delivered late and optionally absent during an outage. Frame: x
 * east, y north, heading CCW from east; the robot starts at the origin heading east.
 */
final class DriveScenario {
    static final double ORIGIN_LAT = 52.2053, ORIGIN_LON = 0.1218;
    static final double WHEEL_RADIUS = 0.05, WHEEL_BASE = 0.30;
    static final int TICKS = 1440;
    static final long MS = 1_000_000L;
    static final long START_NANOS = 1_000_000_000L;

    long durationNanos = 300_000 * MS;
    long gpsLatencyNanos = 0;
    long outageStartNanos = Long.MAX_VALUE, outageEndNanos = Long.MAX_VALUE;
    double gpsSigmaM = 2.5;
    int gpsEveryMs = 200;
    int wheelsEveryMs = 10;
    /** Gyro scale-factor error: the gyro reads (1 + this) times the true yaw rate. */
    double gyroScaleError = 0;
    /** Right wheel's effective radius minus the left's, relative. */
    double wheelMismatch = -0.0005;
    /** Noise per axis of the GPS velocity; 0: fixes carry no velocity (nor time). */
    double gpsVelocitySigmaMps = 0;

    // truth
    double x, y, th, v, w;
    private double vCmd, wCmd, segmentLeft;
    private double gyroBias = Math.toRadians(0.5);
    private double slipL, slipR;
    private double travelL, travelR;
    private final SplittableRandom rnd;
    private final SplittableRandom sensorRnd;
    /** Its own stream, so that the other sensors' noise is the same with or without GPS velocity. */
    private final SplittableRandom velocityRnd;

    /** When set (length ≥ 3 × (duration in ms + 1)), the true x, y and heading of every millisecond. */
    double[] truthTrack;

    private final Sample sample = new Sample();
    private final ArrayDeque<double[]> pendingGps = new ArrayDeque<>();
    private long sequence;

    DriveScenario(long seed) {
        rnd = new SplittableRandom(seed);
        sensorRnd = new SplittableRandom(seed * 31 + 7);
        velocityRnd = new SplittableRandom(seed * 31 + 11);
    }

    long nanosAt(double seconds) {
        return START_NANOS + (long) (seconds * 1e9);
    }

    boolean inOutage(long t) {
        return t >= outageStartNanos && t < outageEndNanos;
    }

    /**
     * Runs the whole drive: every sample goes to {@code sink} in delivery order, and {@code observer}
     * is called every 10 ms (after that millisecond's samples) with the time.
     */
    void run(Consumer<Sample> sink, java.util.function.LongConsumer observer) {
        this.sink = sink;
        double dt = 1e-3;
        long steps = durationNanos / MS;
        for (long k = 0; k <= steps; k++) {
            long t = START_NANOS + k * MS;
            if (k > 0) stepTruth(dt);
            if (truthTrack != null) {
                truthTrack[(int) (3 * k)] = x;
                truthTrack[(int) (3 * k + 1)] = y;
                truthTrack[(int) (3 * k + 2)] = th;
            }
            emitImu(t, dt);
            if (k % wheelsEveryMs == 0) emitWheels(t);
            if (k % gpsEveryMs == 0 && !inOutage(t)) scheduleGps(t);
            while (!pendingGps.isEmpty() && (long) pendingGps.peekFirst()[0] <= t) {
                emitGps(pendingGps.pollFirst());
            }
            if (k % 10 == 0) observer.accept(t);
        }
        while (!pendingGps.isEmpty()) { // fixes still in flight when the drive ends
            emitGps(pendingGps.pollFirst());
        }
    }

    /** Runs the drive and returns copies of its samples in delivery order, to replay in any order. */
    java.util.List<Sample> record() {
        java.util.List<Sample> out = new java.util.ArrayList<>();
        run(s -> {
            Sample c = new Sample();
            c.copyFrom(s);
            out.add(c);
        }, t -> { });
        return out;
    }

    private void stepTruth(double dt) {
        segmentLeft -= dt;
        if (segmentLeft <= 0) {
            segmentLeft = 4 + rnd.nextDouble() * 14;
            double r = rnd.nextDouble();
            if (r < 0.08) {
                vCmd = 0;
                wCmd = 0;
                segmentLeft = 2 + rnd.nextDouble() * 3;
            } else {
                vCmd = 0.6 + rnd.nextDouble() * 0.9;
                wCmd = rnd.nextDouble() < 0.5 ? 0 : (rnd.nextBoolean() ? 1 : -1) * (0.1 + rnd.nextDouble() * 0.3);
            }
        }
        double accel = clamp(vCmd - v, 0.5 * dt);
        double angAccel = clamp(wCmd - w, 0.6 * dt);
        double vNew = v + accel, wNew = w + angAccel;
        double thMid = th + 0.5 * (w + wNew) * 0.5 * dt;
        x += 0.5 * (v + vNew) * Math.cos(thMid) * dt;
        y += 0.5 * (v + vNew) * Math.sin(thMid) * dt;
        th = PoseEkf.wrap(th + 0.5 * (w + wNew) * dt);
        lastAccel = accel / dt;
        v = vNew;
        w = wNew;
        // wheels: true ground travel with scale error and correlated slip
        double a = Math.exp(-dt / 0.5);
        double kick = 0.01 * Math.sqrt(1 - a * a);
        slipL = a * slipL + kick * sensorRnd.nextGaussian();
        slipR = a * slipR + kick * sensorRnd.nextGaussian();
        double vl = v - w * WHEEL_BASE / 2, vr = v + w * WHEEL_BASE / 2;
        travelL += vl * dt * (1 + 0.003 - wheelMismatch / 2 + slipL);
        travelR += vr * dt * (1 + 0.003 + wheelMismatch / 2 + slipR);
        gyroBias += Math.toRadians(0.002) * Math.sqrt(dt) * sensorRnd.nextGaussian();
    }

    private double lastAccel;

    private static double clamp(double d, double limit) {
        return Math.max(-limit, Math.min(limit, d));
    }

    private Sample begin(SampleKind kind, long t) {
        Sample s = sample.reset(kind);
        s.sourceId = kind.ordinal();
        s.sequence = sequence++;
        s.acquiredNanos = t;
        return s;
    }

    private Consumer<Sample> sink;

    private void emitImu(long t, double dt) {
        Sample s = begin(SampleKind.IMU, t);
        Imu m = s.imu;
        double gn = Math.toRadians(0.05);
        m.gyroX = gn * sensorRnd.nextGaussian() + Math.toRadians(0.3);
        m.gyroY = gn * sensorRnd.nextGaussian() - Math.toRadians(0.2);
        m.gyroZ = (1 + gyroScaleError) * w + gyroBias + gn * sensorRnd.nextGaussian();
        double an = 0.04;
        m.accelX = lastAccel + an * sensorRnd.nextGaussian();
        m.accelY = v * w + an * sensorRnd.nextGaussian();
        m.accelZ = 9.80665 + an * sensorRnd.nextGaussian();
        m.temperatureC = 30;
        m.validMask = Imu.ACCEL | Imu.GYRO | Imu.TEMPERATURE;
        deliver(s);
    }

    private void emitWheels(long t) {
        Sample s = begin(SampleKind.WHEELS, t);
        double ticksPerMetre = TICKS / (2 * Math.PI * WHEEL_RADIUS);
        s.wheels.leftTicks = (long) Math.floor(travelL * ticksPerMetre);
        s.wheels.rightTicks = (long) Math.floor(travelR * ticksPerMetre);
        s.wheels.ticksPerRevolution = TICKS;
        deliver(s);
    }

    private void scheduleGps(long t) {
        double east = x + gpsSigmaM * sensorRnd.nextGaussian();
        double north = y + gpsSigmaM * sensorRnd.nextGaussian();
        double ve = v * Math.cos(th), vn = v * Math.sin(th);
        if (gpsVelocitySigmaMps > 0) {
            ve += gpsVelocitySigmaMps * velocityRnd.nextGaussian();
            vn += gpsVelocitySigmaMps * velocityRnd.nextGaussian();
        }
        pendingGps.addLast(new double[] {t + gpsLatencyNanos, east, north, ve, vn, t});
    }

    private void emitGps(double[] p) {
        Sample s = begin(SampleKind.GPS, (long) p[0]);
        GpsFix g = s.gps;
        g.latitudeDeg = ORIGIN_LAT + Math.toDegrees(p[2] / LocalFrame.EARTH_RADIUS_M);
        g.longitudeDeg = ORIGIN_LON + Math.toDegrees(p[1] / (LocalFrame.EARTH_RADIUS_M * Math.cos(Math.toRadians(ORIGIN_LAT))));
        g.fixQuality = 1;
        g.satellites = 9;
        g.hdop = 0.9;
        g.validMask = GpsFix.POSITION | GpsFix.QUALITY | GpsFix.DOP | GpsFix.SATELLITES;
        if (gpsVelocitySigmaMps > 0) {
            g.speedMps = Math.hypot(p[3], p[4]);
            double courseDeg = Math.toDegrees(Math.atan2(p[3], p[4])); // clockwise from north
            g.courseDeg = g.speedMps < 0.15 ? Double.NaN : courseDeg < 0 ? courseDeg + 360 : courseDeg;
            g.utcMillisOfDay = (int) (((long) p[5] / MS) % 86_400_000L);
            g.validMask |= GpsFix.VELOCITY | GpsFix.TIME;
        }
        deliver(s);
    }

    private void deliver(Sample s) {
        sink.accept(s);
    }

    /** Parameters matching this world (origin, robot), with the given GPS delay compensation. */
    static FusionParams.Builder params() {
        return FusionParams.builder()
                .robot(new Robot(WHEEL_RADIUS, WHEEL_BASE, TICKS))
                .origin(ORIGIN_LAT, ORIGIN_LON)
                .gpsSigmaM(2.5);
    }
}
