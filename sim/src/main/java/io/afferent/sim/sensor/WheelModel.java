package io.afferent.sim.sensor;

import io.afferent.api.msg.Wheels;
import io.afferent.api.truth.GroundTruth;
import io.afferent.api.truth.TruthState;

/**
 * Quadrature wheel encoders: each wheel's rotation follows its true travel, scaled by a fixed per-wheel
 * radius error and by slip that grows with acceleration (wheels spin a little more than the ground moves),
 * and is quantised to whole ticks (floor of the edge count, as a quadrature decoder counts). Single thread.
 */
public final class WheelModel implements SimSensor<Wheels> {
    /**
     * Defaults: 1440 edges per revolution (360-line encoder, x4 decoding), 0.3 % radius mismatch,
     * 2 % slip at 1 m/s^2.
     */
    public record Params(int ticksPerRevolution, double wheelRadiusM, double radiusError, double slipPerMps2) {
        public static Params defaults(double wheelRadiusM) {
            return new Params(1440, wheelRadiusM, 0.003, 0.02);
        }
    }

    private final GroundTruth world;
    private final long seed;
    private final long stream;
    private final Params p;
    private final double ticksPerMetre;
    private final double scaleLeft;
    private final double scaleRight;
    private final TruthState truth = new TruthState();
    private final long periodNanos;
    private long steppedTo = -1;
    private double lastLeftM, lastRightM;
    private double rotLeftTicks, rotRightTicks;

    public WheelModel(GroundTruth world, long seed, String name, long periodNanos, Params params) {
        this.periodNanos = periodNanos;
        this.world = world;
        this.seed = seed;
        this.stream = Noise.stream(name);
        this.p = params;
        this.ticksPerMetre = params.ticksPerRevolution() / (2 * Math.PI * params.wheelRadiusM());
        this.scaleLeft = 1 + params.radiusError() * Noise.gaussian(seed, stream, -1, 0);
        this.scaleRight = 1 + params.radiusError() * Noise.gaussian(seed, stream, -1, 1);
    }

    @Override
    public SimMessage<Wheels> message() {
        return SimMessage.WHEELS;
    }

    @Override
    public void produce(long index, long timeNanos, Wheels out) {
        while (steppedTo < index) {
            steppedTo++;
            long t = steppedTo == index ? timeNanos : timeNanos - (index - steppedTo) * periodNanos;
            world.truthAt(t, truth);
            double dl = truth.leftTravelM - lastLeftM;
            double dr = truth.rightTravelM - lastRightM;
            lastLeftM = truth.leftTravelM;
            lastRightM = truth.rightTravelM;
            double slip = p.slipPerMps2() * Math.abs(truth.alongTrackAccelMps2);
            rotLeftTicks += dl * scaleLeft * (1 + slip * Math.abs(Noise.gaussian(seed, stream, steppedTo, 2)))
                    * ticksPerMetre;
            rotRightTicks += dr * scaleRight * (1 + slip * Math.abs(Noise.gaussian(seed, stream, steppedTo, 3)))
                    * ticksPerMetre;
        }
        out.leftTicks = (long) Math.floor(rotLeftTicks);
        out.rightTicks = (long) Math.floor(rotRightTicks);
        out.ticksPerRevolution = p.ticksPerRevolution();
        out.illegalTransitions = 0;
    }
}
