package io.afferent.sim;

import io.afferent.api.ConfigError;
import io.afferent.api.msg.GpsFix;
import io.afferent.api.msg.Imu;
import io.afferent.api.msg.Wheels;
import io.afferent.api.truth.GroundTruth;
import io.afferent.api.truth.TruthState;
import io.afferent.config.ConfigException;
import io.afferent.config.StageConfig;
import io.afferent.api.msg.Pose;
import io.afferent.fusion.FusionParams;
import io.afferent.fusion.FusionProcessor;
import io.afferent.fusion.score.FusionScore;
import io.afferent.runtime.plugin.ParamsView;
import io.afferent.sim.run.VirtualRun;
import io.afferent.sim.sensor.SimSource;
import io.afferent.sim.world.Geo;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Accuracy of the fusion stage against the real simulator's ground truth (issue 7): the simulated IMU,
 * wheel encoders and GPS, stepped in virtual time ({@link VirtualRun}), go through a
 * {@link FusionProcessor} whose clock is advanced to each sample's time, and every published state is
 * scored against {@link GroundTruth} at its time of validity. Fixed seeds; each test prints its figures.
 *
 * <p>Common frame: the simulator's own east-north frame around its configured origin. The fused
 * latitude/longitude (which the stage derives from its x/y in a frame around its first GPS fix) is
 * projected into that frame with the simulator's {@link Geo}; the truth's east/north are used as they are.
 * Going through latitude/longitude needs no knowledge of where the stage put its origin, and it is what
 * a user of the stage's output would compare with a map. The two projections differ (the stage uses a
 * sphere, the simulator the WGS-84 radii at the origin) by 0.3 % of the distance from the stage's origin
 * in longitude: under 5 cm in a 30 m field.
 */
class FusionAccuracyTest {
    private static final long S = 1_000_000_000L;
    private static final long ORIGIN_NANOS = 1_000 * S;
    private static final long[] SEEDS = {1, 2, 3};

    /** The sim-laptop robot and field; the course and all sensor noise come from {@code seed}. */
    private static String drive(long seed, String gpsParams) {
        return """
                robot: {wheel_radius_m: 0.05, wheel_base_m: 0.30, encoder_ticks_per_rev: 1440}
                sim:
                  seed: %d
                  origin: {lat_deg: 52.2053, lon_deg: 0.1218, alt_m: 15}
                  field: {width_m: 30, length_m: 30}
                  robot: {max_speed_mps: 1.0, max_turn_rate_deg_s: 90, max_accel_mps2: 0.5}
                  course: {type: random, speed_mps: 0.8, duration: 10m}
                sources:
                  imu: {type: sim-imu, rate_hz: 1000}
                  wheels: {type: sim-wheels, rate_hz: 100}
                  gps:
                    type: sim-gps
                    rate_hz: 5
                    params: {%s}
                stages:
                  fusion: {type: fusion, inputs: [imu, wheels, gps], deadline_us: 200}
                """.formatted(seed, gpsParams);
    }

    /**
     * GPS error of issue 7's target: σ 2.5 m white noise per axis (× HDOP, about 0.9 here: 3.1-3.3 m
     * horizontal RMS measured per fix), with the receiver model's wandering bias, multipath jumps and random
     * fix losses off: a 1.5 m-per-axis bias with a 60 s correlation time cannot be told from the robot's
     * position by any estimator without another absolute reference. The IMU (1 kHz) and encoder (100 Hz)
     * models keep all the simulator's defaults: turn-on gyro bias and scale error, bias random walk, wheel
     * radius mismatch, slip, quantisation.
     */
    private static final String GPS_WHITE = "sigma_m: 2.5, bias_sigma_m: 0, multipath_per_min: 0, outage_per_hour: 0";

    /**
     * Issue 7's targets. Heading is met through the filter's gyro scale and wheel mismatch states, the GPS
     * course over ground and zero-rate updates at stops: the gyro's scale error (0.6 % for seed 1) and the
     * wheels' radius mismatch (0.4 % for seeds 1 and 3) are estimated rather than taken for gyro bias.
     */
    private static final double POSITION_RMS_TARGET_M = 1.0, HEADING_RMS_TARGET_DEG = 2.0;

    @Test
    void fiveMinuteDriveMeetsPositionAndHeadingRms() throws Exception {
        for (long seed : SEEDS) {
            Run r = Run.of(drive(seed, GPS_WHITE)).go(300 * S);
            System.out.printf("sim 5-min drive, seed %d: %s%n", seed, r);
            assertTrue(r.score.positionRmsM() <= POSITION_RMS_TARGET_M, "seed " + seed + ": " + r);
            assertTrue(r.score.headingRmsDeg() <= HEADING_RMS_TARGET_DEG, "seed " + seed + ": " + r);
        }
    }

    @Test
    void fiveMinuteDriveWithTheFullReceiverModelStaysBounded() throws Exception {
        for (long seed : SEEDS) {
            Run r = Run.of(drive(seed, "sigma_m: 2.5")).go(300 * S);
            System.out.printf("sim 5-min drive, full GPS model (bias, multipath, fix losses), seed %d: %s%n", seed, r);
            assertTrue(r.score.positionRmsM() < 5.0, "seed " + seed + ": " + r);
        }
    }

    @Test
    void thirtySecondGpsDropoutIsDeadReckonedAndRecovered() throws Exception {
        for (long seed : SEEDS) {
            Run r = Run.of(drive(seed, GPS_WHITE + ", faults: [{type: dropout, at: 120s, duration: 30s}]"))
                    .outage(120 * S, 150 * S).go(300 * S);
            System.out.printf("sim 30-s GPS dropout, seed %d: error at end of outage %.2f m, back under 1.5 m after %.1f s; %s%n",
                    seed, r.errorAtOutageEndM, r.recoverySeconds, r);
            assertTrue(r.errorAtOutageEndM <= 3.0, "seed " + seed + ": " + r.errorAtOutageEndM);
            assertTrue(r.recoverySeconds <= 10.0, "seed " + seed + ": " + r.recoverySeconds);
            assertTrue(r.fusion.gpsFailures() >= 1, "the dropout shows as a GPS timeout");
        }
    }

    @Test
    void simLaptopProfileThroughItsOwnFusionStage() throws Exception {
        Path file = Path.of(System.getProperty("user.dir")).getParent().resolve("config/profiles/sim-laptop.yaml");
        Run r = Run.of(Files.readString(file)).go(120 * S);
        System.out.printf("sim-laptop.yaml, 2 min: %s%n", r);
        assertTrue(r.score.positionRmsM() < 5.0, r.toString());
        assertTrue(r.score.headingRmsDeg() < 10.0, r.toString());
    }

    /** One virtual-time run of a profile's sim world and sensors through its fusion stage, scored. */
    private static final class Run {
        final TestWorlds.Built world;
        private long now;
        final io.afferent.api.Clock clock = () -> now;
        final FusionProcessor fusion;
        final FusionScore score = new FusionScore();
        final TruthState truth = new TruthState();
        final Geo geo;
        long outageStartNanos = Long.MAX_VALUE, outageEndNanos = Long.MAX_VALUE;
        boolean gpsAvailable;
        double errorAtOutageEndM = Double.NaN;
        double recoverySeconds = Double.NaN;
        double gpsSumSq;
        long gpsFixes;

        private Run(TestWorlds.Built world, FusionParams params) {
            this.world = world;
            this.geo = world.factory().world().geo();
            this.fusion = FusionProcessor.create(params, clock);
        }

        static Run of(String yaml) throws ConfigError, ConfigException {
            TestWorlds.Built b = TestWorlds.build(yaml, ORIGIN_NANOS);
            StageConfig stage = b.profile().stages().get(0);
            var r = b.profile().robot();
            ParamsView p = ParamsView.of(stage.params());
            FusionParams params = FusionParams.fromParams(p,
                    new io.afferent.api.Robot(r.wheelRadiusM(), r.wheelBaseM(), r.encoderTicksPerRev()),
                    stage.deadlineUs() * 1000);
            p.rejectUnknownKeys();
            return new Run(b, params);
        }

        Run outage(long startAfterOriginNanos, long endAfterOriginNanos) {
            outageStartNanos = ORIGIN_NANOS + startAfterOriginNanos;
            outageEndNanos = ORIGIN_NANOS + endAfterOriginNanos;
            return this;
        }

        Run go(long durationNanos) {
            new VirtualRun(world.sources()).runFor(durationNanos, this::onSample);
            return this;
        }

        private void onSample(int index, SimSource<?> source, Object m, long acquiredNanos) {
            now = Math.max(now, acquiredNanos);
            boolean published = switch (m) {
                case Imu i -> fusion.onImu(i, acquiredNanos, 0);
                case Wheels w -> fusion.onWheels(w, acquiredNanos, 0);
                case GpsFix g -> {
                    gpsAvailable = TestWorlds.valid(source, m) && g.has(GpsFix.POSITION) && g.fixQuality != GpsFix.QUALITY_INVALID;
                    if (gpsAvailable) {
                        world.factory().groundTruth().truthAt(acquiredNanos, truth);
                        double de = geo.eastM(g.longitudeDeg) - truth.eastM, dn = geo.northM(g.latitudeDeg) - truth.northM;
                        gpsSumSq += de * de + dn * dn;
                        gpsFixes++;
                    }
                    yield fusion.onGps(g, acquiredNanos, 0);
                }
                default -> throw new IllegalArgumentException("not an input of fusion: " + m);
            };
            if (!published) {
                return;
            }
            Pose e = fusion.latest();
            if (Double.isNaN(e.latitudeDeg)) {
                return; // no absolute position before the first fix
            }
            world.factory().groundTruth().truthAt(e.timeNanos, truth);
            double x = geo.eastM(e.longitudeDeg), y = geo.northM(e.latitudeDeg);
            boolean inOutage = e.timeNanos >= outageStartNanos && e.timeNanos < outageEndNanos;
            score.add(x, y, e.headingRad, truth.eastM, truth.northM, truth.headingRad, gpsAvailable && !inOutage);
            double err = Math.hypot(x - truth.eastM, y - truth.northM);
            if (inOutage) {
                errorAtOutageEndM = err;
            } else if (e.timeNanos >= outageEndNanos && Double.isNaN(recoverySeconds) && err < 1.5) {
                recoverySeconds = (e.timeNanos - outageEndNanos) * 1e-9;
            }
        }

        @Override
        public String toString() {
            return String.format("%s; GPS fix error rms %.2f m over %d fixes", score,
                    Math.sqrt(gpsSumSq / Math.max(1, gpsFixes)), gpsFixes);
        }
    }
}
