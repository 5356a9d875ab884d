package io.afferent.fusion;

import io.afferent.api.msg.GpsFix;
import io.afferent.api.msg.Imu;
import io.afferent.api.msg.Wheels;

/**
 * A copy of one input held in the {@link ReorderBuffer}: the message (one of the three kinds fusion uses),
 * its envelope (origin and chain, so that the pose it causes carries them on) and the serial number of the
 * call that brought it. Preallocated; single thread: the stage thread.
 */
final class HeldInput {
    static final int IMU = 0, WHEELS = 1, GPS = 2;

    final Imu imu = new Imu();
    final Wheels wheels = new Wheels();
    final GpsFix gps = new GpsFix();
    int kind;
    long originNanos;
    int chain;
    long serial;

    void holdImu(Imu m) {
        kind = IMU;
        imu.copyFrom(m);
    }

    void holdWheels(Wheels m) {
        kind = WHEELS;
        wheels.copyFrom(m);
    }

    void holdGps(GpsFix m) {
        kind = GPS;
        gps.copyFrom(m);
    }

    void envelope(long originNanos, int chain, long serial) {
        this.originNanos = originNanos;
        this.chain = chain;
        this.serial = serial;
    }
}
