package io.afferent.drivers.gpio;

import io.afferent.api.msg.Wheels;

/**
 * The decoders and velocity windows of a differential drive's two wheels, and the figures published
 * for display. Single writer: the reader thread; the {@code volatile} figures may be read by any thread.
 */
final class WheelPair {
    final QuadratureDecoder left;
    final QuadratureDecoder right;
    private final VelocityWindow leftVelocity;
    private final VelocityWindow rightVelocity;
    private final int ticksPerRevolution;
    private volatile double leftTicksPerSecond;
    private volatile double rightTicksPerSecond;
    private volatile long lastEdgeNanos;

    WheelPair(EncoderPins l, EncoderPins r, EncoderOptions o) {
        left = new QuadratureDecoder(l.reversed());
        right = new QuadratureDecoder(r.reversed());
        leftVelocity = new VelocityWindow(o.velocityWindowNanos());
        rightVelocity = new VelocityWindow(o.velocityWindowNanos());
        ticksPerRevolution = o.ticksPerRevolution();
    }

    /** Fills {@code out} and updates the velocity estimates as of {@code nanos}. */
    void fill(Wheels out, long nanos) {
        long l = left.ticks();
        long r = right.ticks();
        out.leftTicks = l;
        out.rightTicks = r;
        out.ticksPerRevolution = ticksPerRevolution;
        out.illegalTransitions = left.illegalTransitions() + right.illegalTransitions();
        leftVelocity.record(nanos, l);
        rightVelocity.record(nanos, r);
        leftTicksPerSecond = leftVelocity.ticksPerSecond(nanos, l);
        rightTicksPerSecond = rightVelocity.ticksPerSecond(nanos, r);
        lastEdgeNanos = Math.max(left.lastEdgeNanos(), right.lastEdgeNanos());
        out.leftTicksPerS = leftTicksPerSecond;
        out.rightTicksPerS = rightTicksPerSecond;
        out.lastEdgeNanos = lastEdgeNanos;
    }

    double leftTicksPerSecond() {
        return leftTicksPerSecond;
    }

    double rightTicksPerSecond() {
        return rightTicksPerSecond;
    }

    long lastEdgeNanos() {
        return lastEdgeNanos;
    }
}
