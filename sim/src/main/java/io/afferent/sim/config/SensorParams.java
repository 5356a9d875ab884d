package io.afferent.sim.config;

import io.afferent.api.ConfigError;
import io.afferent.api.Params;
import io.afferent.api.Robot;
import io.afferent.sim.sensor.GpsModel;
import io.afferent.sim.sensor.ImuModel;
import io.afferent.sim.sensor.RangeModel;
import io.afferent.sim.sensor.WheelModel;

/** The noise parameters of each simulated sensor from its {@code params}, with their defaults and ranges. */
final class SensorParams {
    private SensorParams() {
    }

    static ImuModel.Params imu(Params p) throws ConfigError {
        ImuModel.Params d = ImuModel.Params.defaults();
        return new ImuModel.Params(
                Math.toRadians(p.number("gyro_noise_deg_s", Math.toDegrees(d.gyroNoiseRadS()), 0, 100)),
                Math.toRadians(p.number("gyro_bias_deg_s", Math.toDegrees(d.gyroBiasRadS()), 0, 100)),
                Math.toRadians(p.number("gyro_bias_walk_deg_s_sqrt_s", Math.toDegrees(d.gyroBiasWalkRadSPerSqrtS()), 0, 10)),
                p.number("gyro_scale_error", d.gyroScaleError(), 0, 0.5),
                p.number("accel_noise_mps2", d.accelNoiseMps2(), 0, 100),
                p.number("accel_bias_mps2", d.accelBiasMps2(), 0, 10),
                p.number("accel_bias_walk_mps2_sqrt_s", d.accelBiasWalkMps2PerSqrtS(), 0, 10),
                p.number("accel_scale_error", d.accelScaleError(), 0, 0.5),
                p.number("mag_noise_ut", d.magNoiseUt(), 0, 100),
                p.number("mag_bias_ut", d.magBiasUt(), 0, 100),
                p.number("mag_field_horizontal_ut", d.magFieldHorizontalUt(), 0, 100),
                p.number("mag_field_down_ut", d.magFieldDownUt(), -100, 100),
                Math.toRadians(p.number("declination_deg", Math.toDegrees(d.declinationRad()), -180, 180)),
                Math.toRadians(p.number("angle_noise_deg", Math.toDegrees(d.angleNoiseRad()), 0, 90)),
                p.bool("report_angle", d.reportAngle()),
                p.number("temperature_c", d.temperatureC(), -40, 85));
    }

    static WheelModel.Params wheels(Params p, Robot robot) throws ConfigError {
        return new WheelModel.Params((int) p.integer("ticks_per_rev", robot.encoderTicksPerRev(), 1, 1 << 20),
                robot.wheelRadiusM(), p.number("radius_error", 0.003, 0, 0.2), p.number("slip_per_mps2", 0.02, 0, 1));
    }

    static GpsModel.Params gps(Params p, long utcStartEpochMillis) throws ConfigError {
        GpsModel.Params d = GpsModel.Params.defaults();
        double sigma = p.number("sigma_m", d.whiteSigmaM(), 0, 1000);
        double outMin = p.number("outage_min_s", d.outageMinS(), 0.1, 3600);
        double outMax = p.number("outage_max_s", d.outageMaxS(), outMin, 3600);
        return new GpsModel.Params(
                sigma,
                p.number("bias_sigma_m", d.biasSigmaM(), 0, 1000),
                p.number("bias_tau_s", d.biasTauS(), 0.1, 1e6),
                p.number("vertical_factor", d.verticalFactor(), 0, 10),
                p.number("multipath_per_min", d.multipathPerS() * 60, 0, 60) / 60,
                p.number("multipath_m", d.multipathM(), 0, 1000),
                p.number("outage_per_hour", d.outagePerS() * 3600, 0, 3600) / 3600,
                outMin, outMax,
                p.number("satellites", d.meanSatellites(), 4, 14),
                p.number("speed_sigma_mps", d.speedSigmaMps(), 0, 10),
                d.minCourseSpeedMps(),
                utcStartEpochMillis);
    }

    static RangeModel.Params range(Params p) throws ConfigError {
        RangeModel.Params d = RangeModel.Params.defaults();
        double min = p.number("min_range_m", d.minRangeM(), 0, 10);
        return new RangeModel.Params(min, p.number("max_range_m", d.maxRangeM(), min, 100),
                p.number("resolution_m", d.resolutionM(), 0.0001, 1), p.number("sigma_m", d.sigmaM(), 0, 10),
                p.number("sigma_fraction", d.sigmaFraction(), 0, 1), p.number("miss_probability", d.missProbability(), 0, 1),
                d.grazingRad(), d.grazingMissProbability(), p.number("mount_forward_m", d.mountForwardM(), -5, 5),
                Math.toRadians(p.number("mount_angle_deg", 0, -180, 180)));
    }
}
