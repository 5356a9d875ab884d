package io.afferent.fusion;

import io.afferent.api.ConfigError;
import io.afferent.api.Params;
import io.afferent.api.Robot;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything the estimator is tuned with: robot geometry, measurement noise per source, time order,
 * validation, overrun policy and output. Immutable; built with {@link #builder()} or read from a
 * stage's {@code params} with {@link #fromParams}.
 */
public final class FusionParams {
    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;

    final double wheelRadiusM;
    final double wheelBaseM;
    final int encoderTicksPerRev;
    final long budgetNanos;
    final long reorderWindowNanos;
    final int reorderCapacity;
    final int historyCapacity;
    final long gpsDelayNanos;
    final boolean originConfigured;
    final double originLatDeg;
    final double originLonDeg;
    final double gpsSigmaM;
    final double gpsGateChi2;
    final boolean useGpsCourse;
    final double gpsVelocitySigmaMps;
    final double gpsCourseMinSpeedMps;
    final long gpsResetAfterNanos;
    final double gyroNoiseRadPerS;
    final double gyroBiasWalkRadPerSPerSqrtS;
    final double gyroBiasInitRadPerS;
    final double gyroScaleSigma;
    final double wheelRadiusSigma;
    final double odoSpeedSigmaMps;
    final boolean zeroRateUpdates;
    final long standstillAfterNanos;
    final double zeroRateVariance;
    final double odoSlipFraction;
    final double maxWheelSpeedMps;
    final double accelProcessMps2;
    final double turnAccelProcessRadPerS2;
    final double initialHeadingRad;
    final double initialHeadingSigmaRad;
    final double ahrsKp;
    final double ahrsKi;
    final boolean useMag;
    final long imuTimeoutNanos;
    final long wheelsTimeoutNanos;
    final long gpsTimeoutNanos;
    final int imuStuckSamples;
    final int gpsStuckSamples;
    final int errorDensityLimit;
    final OverrunPolicy overrun;
    final int degradeEvery;
    final int recoverCalls;
    final boolean traceSteps;
    final String csvFile;
    final int csvEvery;

    private FusionParams(Builder b) {
        wheelRadiusM = b.wheelRadiusM;
        wheelBaseM = b.wheelBaseM;
        encoderTicksPerRev = b.encoderTicksPerRev;
        budgetNanos = b.budgetNanos;
        reorderWindowNanos = b.reorderWindowNanos;
        reorderCapacity = b.reorderCapacity;
        historyCapacity = b.historyCapacity;
        gpsDelayNanos = b.gpsDelayNanos;
        originConfigured = b.originConfigured;
        originLatDeg = b.originLatDeg;
        originLonDeg = b.originLonDeg;
        gpsSigmaM = b.gpsSigmaM;
        gpsGateChi2 = b.gpsGateChi2;
        useGpsCourse = b.useGpsCourse;
        gpsVelocitySigmaMps = b.gpsVelocitySigmaMps;
        gpsCourseMinSpeedMps = b.gpsCourseMinSpeedMps;
        gpsResetAfterNanos = b.gpsResetAfterNanos;
        gyroNoiseRadPerS = b.gyroNoiseRadPerS;
        gyroBiasWalkRadPerSPerSqrtS = b.gyroBiasWalkRadPerSPerSqrtS;
        gyroBiasInitRadPerS = b.gyroBiasInitRadPerS;
        gyroScaleSigma = b.gyroScaleSigma;
        wheelRadiusSigma = b.wheelRadiusSigma;
        odoSpeedSigmaMps = b.odoSpeedSigmaMps;
        zeroRateUpdates = b.zeroRateUpdates;
        standstillAfterNanos = b.standstillAfterNanos;
        zeroRateVariance = b.zeroRateSigmaRadPerS * b.zeroRateSigmaRadPerS;
        odoSlipFraction = b.odoSlipFraction;
        maxWheelSpeedMps = b.maxWheelSpeedMps;
        accelProcessMps2 = b.accelProcessMps2;
        turnAccelProcessRadPerS2 = b.turnAccelProcessRadPerS2;
        initialHeadingRad = b.initialHeadingRad;
        initialHeadingSigmaRad = b.initialHeadingSigmaRad;
        ahrsKp = b.ahrsKp;
        ahrsKi = b.ahrsKi;
        useMag = b.useMag;
        imuTimeoutNanos = b.imuTimeoutNanos;
        wheelsTimeoutNanos = b.wheelsTimeoutNanos;
        gpsTimeoutNanos = b.gpsTimeoutNanos;
        imuStuckSamples = b.imuStuckSamples;
        gpsStuckSamples = b.gpsStuckSamples;
        errorDensityLimit = b.errorDensityLimit;
        overrun = b.overrun;
        degradeEvery = b.degradeEvery;
        recoverCalls = b.recoverCalls;
        traceSteps = b.traceSteps;
        csvFile = b.csvFile;
        csvEvery = b.csvEvery;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads the fusion stage's {@code params} (every key optional; see README for the list). Does not
     * call {@link Params#rejectUnknownKeys()} on {@code p}: the caller does, after this returns.
     *
     * @param robot         the profile's robot geometry (wheel radius and base, encoder ticks)
     * @param deadlineNanos the stage's deadline budget, which the overrun policy works against
     */
    public static FusionParams fromParams(Params p, Robot robot, long deadlineNanos) throws ConfigError {
        Builder b = builder().robot(robot).budgetNanos(deadlineNanos);
        b.reorderWindowNanos = p.durationNanos("reorder_window", b.reorderWindowNanos, 0, S);
        b.reorderCapacity = (int) p.integer("reorder_capacity", b.reorderCapacity, 1, 65536);
        b.historyCapacity = (int) p.integer("history_size", b.historyCapacity, 16, 1 << 20);
        b.gpsDelayNanos = p.durationNanos("gps_delay", b.gpsDelayNanos, 0, 2 * S);
        if (p.has("origin")) {
            Params o = p.map("origin");
            b.origin(requiredNumber(o, "lat_deg", -89, 89), requiredNumber(o, "lon_deg", -180, 180));
            o.rejectUnknownKeys();
        }
        b.gpsSigmaM = p.number("gps_sigma_m", b.gpsSigmaM, 0.01, 1000);
        b.gpsGateChi2 = p.number("gps_gate_chi2", b.gpsGateChi2, 1, 1e9);
        b.useGpsCourse = p.bool("use_gps_course", b.useGpsCourse);
        b.gpsVelocitySigmaMps = p.number("gps_velocity_sigma_mps", b.gpsVelocitySigmaMps, 0.001, 10);
        b.gpsCourseMinSpeedMps = p.number("gps_course_min_speed_mps", b.gpsCourseMinSpeedMps, 0.01, 100);
        b.gpsResetAfterNanos = p.durationNanos("gps_reset_after", b.gpsResetAfterNanos, 0, 3600 * S);
        b.gyroNoiseRadPerS = Math.toRadians(p.number("gyro_noise_deg_s", Math.toDegrees(b.gyroNoiseRadPerS), 1e-6, 100));
        b.gyroBiasWalkRadPerSPerSqrtS = Math.toRadians(p.number("gyro_bias_walk_deg_s_sqrt_s",
                Math.toDegrees(b.gyroBiasWalkRadPerSPerSqrtS), 0, 10));
        b.gyroBiasInitRadPerS = Math.toRadians(p.number("gyro_bias_init_deg_s", Math.toDegrees(b.gyroBiasInitRadPerS), 0, 100));
        b.gyroScaleSigma = p.number("gyro_scale_sigma", b.gyroScaleSigma, 0, 0.5);
        b.wheelRadiusSigma = p.number("wheel_radius_sigma", b.wheelRadiusSigma, 0, 0.5);
        b.odoSpeedSigmaMps = p.number("odo_speed_sigma_mps", b.odoSpeedSigmaMps, 1e-6, 10);
        b.zeroRateUpdates = p.bool("zero_rate_updates", b.zeroRateUpdates);
        b.standstillAfterNanos = p.durationNanos("standstill_after", b.standstillAfterNanos, 0, 60 * S);
        b.zeroRateSigmaRadPerS = Math.toRadians(p.number("zero_rate_sigma_deg_s",
                Math.toDegrees(b.zeroRateSigmaRadPerS), 1e-6, 100));
        b.odoSlipFraction = p.number("odo_slip_fraction", b.odoSlipFraction, 0, 1);
        b.maxWheelSpeedMps = p.number("max_wheel_speed_mps", b.maxWheelSpeedMps, 0.01, 100);
        b.accelProcessMps2 = p.number("accel_process_mps2", b.accelProcessMps2, 1e-6, 100);
        b.turnAccelProcessRadPerS2 = Math.toRadians(p.number("turn_accel_process_deg_s2",
                Math.toDegrees(b.turnAccelProcessRadPerS2), 1e-6, 10000));
        b.initialHeadingRad = Math.toRadians(p.number("initial_heading_deg", 0, -360, 360));
        b.initialHeadingSigmaRad = Math.toRadians(p.number("initial_heading_sigma_deg",
                Math.toDegrees(b.initialHeadingSigmaRad), 0.01, 180));
        b.ahrsKp = p.number("ahrs_kp", b.ahrsKp, 0, 100);
        b.ahrsKi = p.number("ahrs_ki", b.ahrsKi, 0, 100);
        b.useMag = p.bool("use_mag", b.useMag);
        b.imuTimeoutNanos = p.durationNanos("imu_timeout", b.imuTimeoutNanos, MS, 60 * S);
        b.wheelsTimeoutNanos = p.durationNanos("wheels_timeout", b.wheelsTimeoutNanos, MS, 60 * S);
        b.gpsTimeoutNanos = p.durationNanos("gps_timeout", b.gpsTimeoutNanos, MS, 60 * S);
        b.imuStuckSamples = (int) p.integer("imu_stuck_samples", b.imuStuckSamples, 0, 1_000_000);
        b.gpsStuckSamples = (int) p.integer("gps_stuck_samples", b.gpsStuckSamples, 0, 1_000_000);
        b.errorDensityLimit = (int) p.integer("error_density_limit", b.errorDensityLimit, 1, 1_000_000);
        b.overrun = p.choice("overrun", b.overrun, OVERRUN_CHOICES);
        b.degradeEvery = (int) p.integer("degrade_every", b.degradeEvery, 2, 1000);
        b.recoverCalls = (int) p.integer("recover_calls", b.recoverCalls, 1, 1_000_000);
        b.traceSteps = p.bool("trace_steps", b.traceSteps);
        movedToTheStage(p, "output_ring_size");
        movedToTheStage(p, "heartbeat");
        b.csvFile = p.string("csv_file", null);
        b.csvEvery = (int) p.integer("csv_every", b.csvEvery, 1, 1_000_000);
        return b.build();
    }

    /** The words of {@code overrun}, in the order the error lists them. */
    private static final Map<String, OverrunPolicy> OVERRUN_CHOICES = overrunChoices();

    private static Map<String, OverrunPolicy> overrunChoices() {
        Map<String, OverrunPolicy> m = new LinkedHashMap<>();
        m.put("skip", OverrunPolicy.SKIP);
        m.put("degrade", OverrunPolicy.DEGRADE);
        m.put("alarm", OverrunPolicy.ALARM);
        return java.util.Collections.unmodifiableMap(m);
    }

    /**
     * Keys that were fusion params and are now keys of every stage (the runtime applies them to any stage's
     * output topics and thread): an error that says where they went, rather than a silent no-op or a bare
     * "unknown key".
     */
    private static void movedToTheStage(Params p, String key) throws ConfigError {
        if (p.has(key)) {
            String stage = p.path().endsWith(".params") ? p.path().substring(0, p.path().length() - ".params".length()) : "the stage";
            throw p.error(key, "is a key of the stage now, not of its params: move it up to " + stage + "." + key);
        }
    }

    /** A required number: the API's {@link Params} has no such getter, so absence is checked here. */
    private static double requiredNumber(Params p, String key, double min, double max) throws ConfigError {
        if (!p.has(key)) {
            throw p.error(key, "is required but missing");
        }
        return p.number(key, Double.NaN, min, max);
    }

    public long budgetNanos() { return budgetNanos; }
    public long reorderWindowNanos() { return reorderWindowNanos; }
    public long gpsDelayNanos() { return gpsDelayNanos; }
    public OverrunPolicy overrun() { return overrun; }
    public int recoverCalls() { return recoverCalls; }
    /** The CSV file the fused states should be written to, or null for none. */
    public String csvFile() { return csvFile; }
    /** Write one fused state in this many to the CSV file. */
    public int csvEvery() { return csvEvery; }

    /**
     * Defaults tuned for an MPU-6050 class IMU, 1440-tick encoders on hobby wheels and a consumer GPS
     * (σ 2.5 m, velocity σ 0.1 m/s).
     */
    public static final class Builder {
        /** The profile's defaults when it has no {@code robot:} section. */
        double wheelRadiusM = 0.05;
        double wheelBaseM = 0.30;
        int encoderTicksPerRev = 1440;
        long budgetNanos = 200_000;
        long reorderWindowNanos = 0;
        int reorderCapacity = 256;
        int historyCapacity = 1024;
        long gpsDelayNanos = 0;
        boolean originConfigured;
        double originLatDeg;
        double originLonDeg;
        double gpsSigmaM = 2.5;
        double gpsGateChi2 = 25;
        boolean useGpsCourse = true;
        double gpsVelocitySigmaMps = 0.1;
        double gpsCourseMinSpeedMps = 0.3;
        long gpsResetAfterNanos = 5 * S;
        double gyroNoiseRadPerS = Math.toRadians(0.05);
        double gyroBiasWalkRadPerSPerSqrtS = Math.toRadians(0.002);
        double gyroBiasInitRadPerS = Math.toRadians(2);
        double gyroScaleSigma = 0.005;
        double wheelRadiusSigma = 0.003;
        double odoSpeedSigmaMps = 0.01;
        boolean zeroRateUpdates = true;
        long standstillAfterNanos = 200 * MS;
        double zeroRateSigmaRadPerS = Math.toRadians(0.05);
        double odoSlipFraction = 0.07;
        double maxWheelSpeedMps = 10;
        double accelProcessMps2 = 1.0;
        double turnAccelProcessRadPerS2 = Math.toRadians(60);
        double initialHeadingRad = 0;
        double initialHeadingSigmaRad = Math.toRadians(5);
        double ahrsKp = 1.0;
        double ahrsKi = 0.02;
        boolean useMag = true;
        long imuTimeoutNanos = 100 * MS;
        long wheelsTimeoutNanos = 250 * MS;
        long gpsTimeoutNanos = 1500 * MS;
        int imuStuckSamples = 50;
        int gpsStuckSamples = 10;
        int errorDensityLimit = 10;
        OverrunPolicy overrun = OverrunPolicy.ALARM;
        int degradeEvery = 4;
        int recoverCalls = 200;
        boolean traceSteps = true;
        String csvFile;
        int csvEvery = 10;

        public Builder robot(Robot r) {
            wheelRadiusM = r.wheelRadiusM();
            wheelBaseM = r.wheelBaseM();
            encoderTicksPerRev = r.encoderTicksPerRev();
            return this;
        }

        public Builder budgetNanos(long v) { budgetNanos = v; return this; }
        public Builder reorderWindowNanos(long v) { reorderWindowNanos = v; return this; }
        public Builder historyCapacity(int v) { historyCapacity = v; return this; }
        public Builder gpsDelayNanos(long v) { gpsDelayNanos = v; return this; }
        public Builder origin(double latDeg, double lonDeg) {
            originConfigured = true;
            originLatDeg = latDeg;
            originLonDeg = lonDeg;
            return this;
        }
        public Builder gpsSigmaM(double v) { gpsSigmaM = v; return this; }
        public Builder gyroNoiseRadPerS(double v) { gyroNoiseRadPerS = v; return this; }
        public Builder initialHeadingRad(double v) { initialHeadingRad = v; return this; }
        public Builder gyroScaleSigma(double v) { gyroScaleSigma = v; return this; }
        public Builder wheelRadiusSigma(double v) { wheelRadiusSigma = v; return this; }
        public Builder useGpsCourse(boolean v) { useGpsCourse = v; return this; }
        public Builder zeroRateUpdates(boolean v) { zeroRateUpdates = v; return this; }
        public Builder useMag(boolean v) { useMag = v; return this; }
        public Builder gpsTimeoutNanos(long v) { gpsTimeoutNanos = v; return this; }
        public Builder overrun(OverrunPolicy v) { overrun = v; return this; }
        public Builder traceSteps(boolean v) { traceSteps = v; return this; }

        public FusionParams build() {
            return new FusionParams(this);
        }
    }
}
