package io.afferent.sim.sensor;

import io.afferent.api.msg.Imu;
import io.afferent.api.truth.GroundTruth;
import io.afferent.api.truth.TruthState;
import io.afferent.sim.world.Trajectory;

/**
 * A 9-axis MEMS IMU: per axis {@code (1 + scale) · true + turnOnBias + biasRandomWalk + white}, for the gyro
 * (body rates), the accelerometer (gravity reaction plus motion: along-track and centripetal) and the
 * magnetometer (Earth's field rotated into the body). The onboard attitude (roll, pitch, yaw) is truth
 * plus noise, reported only when {@link Params#reportAngle}. Single thread: its {@link SimSource}.
 */
public final class ImuModel implements SimSensor<Imu> {
    public static final double GRAVITY = 9.80665;

    /**
     * Defaults: MPU-6050/ICM-20948-class parts at 1 kHz with a light low-pass filter, after a start-up
     * gyro calibration.
     */
    public record Params(double gyroNoiseRadS, double gyroBiasRadS, double gyroBiasWalkRadSPerSqrtS,
                         double gyroScaleError, double accelNoiseMps2, double accelBiasMps2,
                         double accelBiasWalkMps2PerSqrtS, double accelScaleError, double magNoiseUt,
                         double magBiasUt, double magFieldHorizontalUt, double magFieldDownUt, double declinationRad,
                         double angleNoiseRad, boolean reportAngle, double temperatureC) {
        public static Params defaults() {
            return new Params(Math.toRadians(0.05), Math.toRadians(0.1), Math.toRadians(0.002), 0.01,
                    0.04, 0.05, 0.0005, 0.005, 0.3, 1.0, 19.5, 45.0, Math.toRadians(0.5),
                    Math.toRadians(0.2), false, 25);
        }
    }

    private final GroundTruth world;
    private final long seed;
    private final long stream;
    private final Params p;
    private final double sqrtDt;
    private final TruthState truth = new TruthState();
    // Fixed per run: turn-on bias and scale error per axis, gyro xyz, accel xyz, mag xyz.
    private final double[] bias = new double[9];
    private final double[] scale = new double[9];
    private final double[] walk = new double[6];
    private long steppedTo = -1;

    public ImuModel(GroundTruth world, long seed, String name, long periodNanos, Params params) {
        this.world = world;
        this.seed = seed;
        this.stream = Noise.stream(name);
        this.p = params;
        this.sqrtDt = Math.sqrt(periodNanos * 1e-9);
        for (int i = 0; i < 9; i++) {
            double b = i < 3 ? p.gyroBiasRadS() : i < 6 ? p.accelBiasMps2() : p.magBiasUt();
            double s = i < 3 ? p.gyroScaleError() : i < 6 ? p.accelScaleError() : 0;
            bias[i] = b * Noise.gaussian(seed, stream, -1, i);
            scale[i] = s * Noise.gaussian(seed, stream, -1, 20 + i);
        }
    }

    public Params params() {
        return p;
    }

    @Override
    public SimMessage<Imu> message() {
        return SimMessage.IMU;
    }

    @Override
    public void produce(long index, long timeNanos, Imu m) {
        while (steppedTo < index) {
            steppedTo++;
            for (int i = 0; i < 6; i++) {
                double sigma = i < 3 ? p.gyroBiasWalkRadSPerSqrtS() : p.accelBiasWalkMps2PerSqrtS();
                walk[i] += sigma * sqrtDt * Noise.gaussian(seed, stream, steppedTo, i);
            }
        }
        world.truthAt(timeNanos, truth);
        TruthState t = truth;
        double w = t.turnRateRadS;
        m.gyroX = axis(0, w * t.xbU, index);
        m.gyroY = axis(1, w * t.ybU, index);
        m.gyroZ = axis(2, w * t.zbU, index);
        // Specific force: the reaction to gravity (up, g) seen in the body, plus motion accelerations.
        double centripetal = t.speedMps * w;
        m.accelX = axis(3, GRAVITY * t.xbU + t.alongTrackAccelMps2, index);
        m.accelY = axis(4, GRAVITY * t.ybU + centripetal, index);
        m.accelZ = axis(5, GRAVITY * t.zbU, index);
        double bE = p.magFieldHorizontalUt() * Math.sin(p.declinationRad());
        double bN = p.magFieldHorizontalUt() * Math.cos(p.declinationRad());
        double bU = -p.magFieldDownUt();
        m.magX = axis(6, bE * t.xbE + bN * t.xbN + bU * t.xbU, index);
        m.magY = axis(7, bE * t.ybE + bN * t.ybN + bU * t.ybU, index);
        m.magZ = axis(8, bE * t.zbE + bN * t.zbN + bU * t.zbU, index);
        m.rollRad = t.rollRad + p.angleNoiseRad() * Noise.gaussian(seed, stream, index, 40);
        m.pitchRad = t.pitchRad + p.angleNoiseRad() * Noise.gaussian(seed, stream, index, 41);
        m.yawRad = Trajectory.wrap(t.headingRad + p.angleNoiseRad() * Noise.gaussian(seed, stream, index, 42));
        m.temperatureC = p.temperatureC();
        m.validMask = Imu.ACCEL | Imu.GYRO | Imu.MAG | Imu.TEMPERATURE | (p.reportAngle() ? Imu.ANGLE : 0);
    }

    private double axis(int i, double trueValue, long index) {
        double sigma = i < 3 ? p.gyroNoiseRadS() : i < 6 ? p.accelNoiseMps2() : p.magNoiseUt();
        double rw = i < 6 ? walk[i] : 0;
        return (1 + scale[i]) * trueValue + bias[i] + rw + sigma * Noise.gaussian(seed, stream, index, 10 + i);
    }
}
