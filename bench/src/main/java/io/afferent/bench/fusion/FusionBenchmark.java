package io.afferent.bench.fusion;

import io.afferent.api.msg.GpsFix;
import io.afferent.api.msg.Imu;
import io.afferent.api.msg.Wheels;
import io.afferent.fusion.FusionParams;
import io.afferent.fusion.FusionProcessor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Cost of one fusion update in ns ({@code FusionProcessor.onImu/onWheels/onGps}, step tracing on, as
 * deployed; the pose goes to a detached output, i.e. the cost of the topic's ring is not included):
 * an IMU sample (AHRS + predict + gyro update + publish), a wheel sample, an on-time GPS fix (position
 * and course over ground), and a GPS fix delivered 80 ms late (rewind + re-propagation of the 80 IMU
 * and 8 wheel updates since its time of validity). A robot driving a gentle circle at 1 m/s; IMU 1 kHz, wheels 100 Hz, GPS 5 Hz.
 * With {@code -prof gc}, {@code gc.alloc.rate.norm} should be 0.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FusionBenchmark {
    private static final long MS = 1_000_000L;
    private static final double LAT = 52.2053, LON = 0.1218, R = 6_371_008.8;
    private static final double TICKS_PER_M = 1440 / (2 * Math.PI * 0.05);

    private FusionProcessor fusion;
    private final Imu imu = new Imu();
    private final Wheels wheels = new Wheels();
    private final GpsFix gps = new GpsFix();
    private final SplittableRandom rnd = new SplittableRandom(1);
    private long nowNanos;
    private long step;

    @Setup(Level.Trial)
    public void setUp() {
        fusion = FusionProcessor.create(FusionParams.builder().origin(LAT, LON).gpsDelayNanos(80 * MS).build(), System::nanoTime);
        imu.validMask = Imu.ACCEL | Imu.GYRO;
        wheels.ticksPerRevolution = 1440;
        gps.validMask = GpsFix.POSITION | GpsFix.QUALITY | GpsFix.VELOCITY;
        gps.fixQuality = 1;
        nowNanos = 1_000_000_000L;
        for (int i = 0; i < 20_000; i++) {
            advanceOneMs(true);
        }
    }

    /** One millisecond of the drive: an IMU sample, every 10th a wheel sample, every 200th an on-time GPS fix. */
    private void advanceOneMs(boolean withGps) {
        nowNanos += MS;
        step++;
        feedImu();
        if (step % 10 == 0) feedWheels();
        if (withGps && step % 200 == 0) feedGps(nowNanos, nowNanos);
    }

    private double seconds(long t) {
        return (t - 1_000_000_000L) * 1e-9;
    }

    private void feedImu() {
        Imu m = imu;
        m.gyroZ = 0.05 + 0.001 * rnd.nextGaussian();
        m.gyroX = 0.001 * rnd.nextGaussian();
        m.gyroY = 0.001 * rnd.nextGaussian();
        m.accelX = 0.02 * rnd.nextGaussian();
        m.accelY = 0.05 + 0.02 * rnd.nextGaussian();
        m.accelZ = 9.81 + 0.02 * rnd.nextGaussian();
        fusion.onImu(imu, nowNanos, 0);
    }

    private void feedWheels() {
        double t = seconds(nowNanos);
        wheels.leftTicks = (long) ((1 - 0.05 * 0.15) * t * TICKS_PER_M);
        wheels.rightTicks = (long) ((1 + 0.05 * 0.15) * t * TICKS_PER_M);
        fusion.onWheels(wheels, nowNanos, 1);
    }

    private void feedGps(long validNanos, long arrivalNanos) {
        double t = seconds(validNanos);
        double east = 20 * Math.sin(0.05 * t) + 2.5 * rnd.nextGaussian();
        double north = 20 * (1 - Math.cos(0.05 * t)) + 2.5 * rnd.nextGaussian();
        gps.latitudeDeg = LAT + Math.toDegrees(north / R);
        gps.longitudeDeg = LON + Math.toDegrees(east / (R * Math.cos(Math.toRadians(LAT))));
        gps.speedMps = 1;
        double courseDeg = 90 - Math.toDegrees(0.05 * t) + rnd.nextGaussian(); // clockwise from north
        gps.courseDeg = courseDeg - 360 * Math.floor(courseDeg / 360);
        fusion.onGps(gps, arrivalNanos + 80 * MS, 2); // the processor subtracts gps_delay (80 ms)
    }

    @Benchmark
    public boolean imuUpdate() {
        nowNanos += MS;
        feedImu();
        return true;
    }

    @Benchmark
    public boolean wheelsUpdate() {
        nowNanos += 10 * MS;
        feedWheels();
        return true;
    }

    @Benchmark
    public boolean gpsUpdateOnTime() {
        nowNanos += 200 * MS;
        feedGps(nowNanos, nowNanos - 80 * MS);
        return true;
    }

    /** State for the late-GPS benchmark: 200 ms of IMU and wheels fed before each (unmeasured). */
    @State(Scope.Thread)
    public static class LateGps {
        final FusionBenchmark drive = new FusionBenchmark();

        @Setup(Level.Trial)
        public void setUp() {
            drive.setUp();
        }

        @Setup(Level.Invocation)
        public void driveOn() {
            for (int i = 0; i < 200; i++) {
                drive.advanceOneMs(false);
            }
        }
    }

    @Benchmark
    public boolean gpsUpdateLate80ms(LateGps s) {
        FusionBenchmark d = s.drive;
        d.feedGps(d.nowNanos - 80 * MS, d.nowNanos - 80 * MS);
        return true;
    }
}
