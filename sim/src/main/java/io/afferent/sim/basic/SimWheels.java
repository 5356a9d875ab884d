package io.afferent.sim.basic;

import io.afferent.runtime.sample.Sample;
import io.afferent.runtime.sample.SampleKind;
import io.afferent.runtime.source.PeriodicSource;

/** Simulated quadrature wheel encoders on the {@link CircleCourse}: ticks quantised from true travel. */
public final class SimWheels implements PeriodicSource {
    private final CircleCourse course;
    private final double wheelRadiusM;
    private final int ticksPerRevolution;

    public SimWheels(CircleCourse course, double wheelRadiusM, int ticksPerRevolution) {
        this.course = course;
        this.wheelRadiusM = wheelRadiusM;
        this.ticksPerRevolution = ticksPerRevolution;
    }

    @Override
    public SampleKind kind() {
        return SampleKind.WHEELS;
    }

    @Override
    public void sample(long acquiredNanos, Sample out) {
        double t = course.seconds(acquiredNanos);
        double ticksPerMetre = ticksPerRevolution / (2 * Math.PI * wheelRadiusM);
        out.wheels.leftTicks = (long) Math.floor(course.wheelTravelM(-1, t) * ticksPerMetre);
        out.wheels.rightTicks = (long) Math.floor(course.wheelTravelM(1, t) * ticksPerMetre);
        out.wheels.ticksPerRevolution = ticksPerRevolution;
    }
}
