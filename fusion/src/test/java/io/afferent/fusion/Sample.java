package io.afferent.fusion;

import io.afferent.api.msg.Digital;
import io.afferent.api.msg.GpsFix;
import io.afferent.api.msg.Imu;
import io.afferent.api.msg.Range;
import io.afferent.api.msg.Wheels;

/**
 * A test input of any kind with its acquisition time: what the test drives record and replay in any order,
 * and feed to a {@link FusionProcessor} through the method of its kind (the chain is the source id).
 */
final class Sample {
    SampleKind kind = SampleKind.IMU;
    int sourceId;
    long sequence;
    long acquiredNanos;
    final Imu imu = new Imu();
    final Wheels wheels = new Wheels();
    final GpsFix gps = new GpsFix();
    final Range range = new Range();
    final Digital digital = new Digital();

    Sample reset(SampleKind k) {
        kind = k;
        sourceId = 0;
        sequence = 0;
        acquiredNanos = 0;
        imu.clear();
        wheels.clear();
        gps.clear();
        range.clear();
        digital.clear();
        return this;
    }

    void copyFrom(Sample o) {
        kind = o.kind;
        sourceId = o.sourceId;
        sequence = o.sequence;
        acquiredNanos = o.acquiredNanos;
        imu.copyFrom(o.imu);
        wheels.copyFrom(o.wheels);
        gps.copyFrom(o.gps);
        range.copyFrom(o.range);
        digital.copyFrom(o.digital);
    }

    /** Feeds this sample to {@code f}; returns what the processor returned (a pose caused by it was published). */
    boolean feed(FusionProcessor f) {
        return switch (kind) {
            case IMU -> f.onImu(imu, acquiredNanos, sourceId);
            case WHEELS -> f.onWheels(wheels, acquiredNanos, sourceId);
            case GPS -> f.onGps(gps, acquiredNanos, sourceId);
            case DIGITAL -> f.onDigital(digital, acquiredNanos, sourceId);
            case RANGE -> f.onIgnored();
        };
    }

    /**
     * {@code in} as a round-robin fan-in delivers it: every input but the IMU's up to {@code lateNanos} behind
     * the IMU samples (released once an IMU sample {@code lateNanos} newer has gone by).
     */
    static java.util.List<Sample> lateBehindImu(java.util.List<Sample> in, long lateNanos) {
        java.util.List<Sample> out = new java.util.ArrayList<>();
        java.util.List<Sample> held = new java.util.ArrayList<>();
        for (Sample s : in) {
            if (s.kind == SampleKind.IMU) {
                out.add(s);
                held.removeIf(h -> {
                    if (h.acquiredNanos <= s.acquiredNanos - lateNanos) {
                        out.add(h);
                        return true;
                    }
                    return false;
                });
            } else {
                held.add(s);
            }
        }
        out.addAll(held);
        return out;
    }
}
