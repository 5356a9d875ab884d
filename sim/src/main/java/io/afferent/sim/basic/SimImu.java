package io.afferent.sim.basic;

import io.afferent.runtime.sample.Imu;
import io.afferent.runtime.sample.Sample;
import io.afferent.runtime.sample.SampleKind;
import io.afferent.runtime.source.PeriodicSource;

import java.util.SplittableRandom;

/**
 * A simulated 9-axis IMU on the {@link CircleCourse}: true rates and accelerations plus white noise
 * and a constant gyro bias. Single thread: its reader.
 */
public final class SimImu implements PeriodicSource {
    private static final double GRAVITY = 9.80665;
    private static final double FIELD_NORTH_UT = 20.0;
    private static final double FIELD_DOWN_UT = 45.0;

    private final CircleCourse course;
    private final SplittableRandom random;
    private final double gyroNoise;
    private final double accelNoise;
    private final double magNoise;
    private final double gyroBiasZ;

    public SimImu(CircleCourse course, long seed, double gyroNoiseRadPerS, double accelNoiseMps2, double magNoiseUt,
                  double gyroBiasRadPerS) {
        this.course = course;
        this.random = new SplittableRandom(seed);
        this.gyroNoise = gyroNoiseRadPerS;
        this.accelNoise = accelNoiseMps2;
        this.magNoise = magNoiseUt;
        this.gyroBiasZ = gyroBiasRadPerS;
    }

    @Override
    public SampleKind kind() {
        return SampleKind.IMU;
    }

    @Override
    public void sample(long acquiredNanos, Sample out) {
        double t = course.seconds(acquiredNanos);
        double w = course.turnRateRadPerS();
        double heading = course.headingRad(t);
        Imu m = out.imu;
        m.gyroX = gyroNoise * random.nextGaussian();
        m.gyroY = gyroNoise * random.nextGaussian();
        m.gyroZ = w + gyroBiasZ + gyroNoise * random.nextGaussian();
        m.accelX = accelNoise * random.nextGaussian();
        m.accelY = course.speedMps() * w + accelNoise * random.nextGaussian();
        m.accelZ = GRAVITY + accelNoise * random.nextGaussian();
        // Earth's field (north and down) seen from a body heading `heading` counter-clockwise from east.
        m.magX = FIELD_NORTH_UT * Math.sin(heading) + magNoise * random.nextGaussian();
        m.magY = FIELD_NORTH_UT * Math.cos(heading) + magNoise * random.nextGaussian();
        m.magZ = -FIELD_DOWN_UT + magNoise * random.nextGaussian();
        m.temperatureC = 25;
        m.validMask = Imu.ACCEL | Imu.GYRO | Imu.MAG | Imu.TEMPERATURE;
    }
}
