package io.afferent.fusion;

import io.afferent.api.Output;
import io.afferent.api.msg.Pose;

/**
 * The output of a processor outside any run (the warm-up copy, tests, benchmarks): every claim gets the same
 * scratch pose, and publishing it goes nowhere; the processor's {@link FusionProcessor#latest()} has the pose.
 * Single thread: the processor's.
 */
final class DetachedOutput implements Output<Pose> {
    private final Pose scratch = new Pose();

    @Override
    public String topic() {
        return "pose";
    }

    @Override
    public io.afferent.api.MessageType<Pose> type() {
        return Pose.TYPE;
    }

    @Override
    public Pose claim() {
        return scratch;
    }

    @Override
    public void publish() {
    }

    @Override
    public void publish(long originNanos, int chain) {
    }

    @Override
    public void abandon() {
    }
}
