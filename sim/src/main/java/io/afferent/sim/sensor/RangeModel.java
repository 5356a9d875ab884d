package io.afferent.sim.sensor;

import io.afferent.api.msg.Range;
import io.afferent.api.truth.GroundTruth;
import io.afferent.api.truth.TruthState;
import io.afferent.sim.world.Field;

/**
 * An ultrasonic range finder (HC-SR04 class) looking along the body at the field's walls: distance with
 * noise growing with range, quantised, no echo beyond the maximum range, for some fraction of pings at
 * random, and more often at grazing incidence (the echo reflects away). Single thread.
 */
public final class RangeModel implements SimSensor<Range> {
    /**
     * Defaults: HC-SR04: 2 cm to 4 m, 3 mm steps, 5 mm + 0.5 % noise, 2 % missing echoes, echoes lost half
     * the time beyond 45° incidence; mounted 15 cm ahead of the axle centre, looking forward.
     */
    public record Params(double minRangeM, double maxRangeM, double resolutionM, double sigmaM, double sigmaFraction,
                         double missProbability, double grazingRad, double grazingMissProbability, double mountForwardM,
                         double mountAngleRad) {
        public static Params defaults() {
            return new Params(0.02, 4.0, 0.003, 0.005, 0.005, 0.02, Math.toRadians(45), 0.5, 0.15, 0);
        }
    }

    private final GroundTruth world;
    private final Field field;
    private final long seed;
    private final long stream;
    private final Params p;
    private final TruthState truth = new TruthState();

    public RangeModel(GroundTruth world, Field field, long seed, String name, Params params) {
        this.world = world;
        this.field = field;
        this.seed = seed;
        this.stream = Noise.stream(name);
        this.p = params;
    }

    @Override
    public SimMessage<Range> message() {
        return SimMessage.RANGE;
    }

    @Override
    public void produce(long index, long timeNanos, Range out) {
        world.truthAt(timeNanos, truth);
        double h = truth.headingRad;
        double x = truth.eastM + p.mountForwardM() * Math.cos(h);
        double y = truth.northM + p.mountForwardM() * Math.sin(h);
        double dir = h + p.mountAngleRad();
        double d = field.rayDistanceM(x, y, dir);
        double miss = p.missProbability();
        if (field.incidenceRad(x, y, dir) > p.grazingRad()) {
            miss = Math.max(miss, p.grazingMissProbability());
        }
        double noisy = d + (p.sigmaM() + p.sigmaFraction() * d) * Noise.gaussian(seed, stream, index, 0);
        if (!(d <= p.maxRangeM()) || Noise.uniform(seed, stream, index, 5) < miss) {
            out.noEcho = true;
            out.distanceM = 0;
            return;
        }
        out.noEcho = false;
        out.distanceM = Math.max(p.minRangeM(), Math.round(noisy / p.resolutionM()) * p.resolutionM());
    }
}
