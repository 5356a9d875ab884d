package io.afferent.fusion;

import io.afferent.api.PortableMath;
import io.afferent.api.Counter;
import io.afferent.api.Output;
import io.afferent.api.msg.Pose;

/**
 * Makes the pose from the filter's state (position, velocity, uncertainty), the AHRS's attitude and the
 * local frame's latitude/longitude, keeps it as {@link #latest()} and publishes a copy on the output topic
 * as caused by a given input (origin and chain). Single thread: the stage thread; the reporter reads
 * {@link #latest()} racily for display.
 */
final class PoseWriter {
    private final Output<Pose> output;
    private final PoseEkf ekf;
    private final MahonyAhrs ahrs;
    private final LocalFrame frame;
    private final ImuInput imu;
    private final Counter published;
    private final Pose latest = new Pose();

    PoseWriter(Output<Pose> output, PoseEkf ekf, MahonyAhrs ahrs, LocalFrame frame, ImuInput imu, Counter published) {
        this.output = output;
        this.ekf = ekf;
        this.ahrs = ahrs;
        this.frame = frame;
        this.imu = imu;
        this.published = published;
    }

    /** Fills {@link #latest()} with the current estimate and {@code flags}, and publishes it. */
    void publish(int flags, long originNanos, int chain) {
        Pose o = latest;
        double[] s = ekf.s;
        double[] p = ekf.p;
        o.timeNanos = ekf.timeNanos;
        o.xM = s[PoseEkf.X];
        o.yM = s[PoseEkf.Y];
        o.latitudeDeg = frame.latitudeDeg(o.yM);
        o.longitudeDeg = frame.longitudeDeg(o.xM);
        o.headingRad = s[PoseEkf.TH];
        o.speedMps = s[PoseEkf.V];
        o.turnRateRadPerS = s[PoseEkf.W];
        o.velocityEastMps = o.speedMps * PortableMath.cos(o.headingRad);
        o.velocityNorthMps = o.speedMps * PortableMath.sin(o.headingRad);
        o.rollRad = ahrs.rollRad();
        o.pitchRad = ahrs.pitchRad();
        o.yawRad = imu.magUsed() ? PoseEkf.wrap(ahrs.yawRad() + Math.PI / 2) : ahrs.yawRad();
        o.gyroBiasRadPerS = s[PoseEkf.B];
        o.gyroScaleError = s[PoseEkf.G];
        o.wheelTurnRadPerM = s[PoseEkf.D];
        double a = p[0], b = p[1], c = p[PoseEkf.N + 1];
        double half = 0.5 * (a - c);
        o.positionSigmaM = Math.sqrt(Math.max(0, 0.5 * (a + c) + Math.sqrt(half * half + b * b)));
        o.headingSigmaRad = Math.sqrt(Math.max(0, p[PoseEkf.TH * PoseEkf.N + PoseEkf.TH]));
        o.flags = flags;
        copy(o, output.claim());
        output.publish(originNanos, chain);
        published.increment();
    }

    /** The last pose published (the reporter may read it racily). */
    Pose latest() {
        return latest;
    }

    /** Field by field: {@code MessageType.copy} would go through a VarHandle per field. */
    static void copy(Pose from, Pose to) {
        to.timeNanos = from.timeNanos;
        to.xM = from.xM;
        to.yM = from.yM;
        to.latitudeDeg = from.latitudeDeg;
        to.longitudeDeg = from.longitudeDeg;
        to.headingRad = from.headingRad;
        to.speedMps = from.speedMps;
        to.turnRateRadPerS = from.turnRateRadPerS;
        to.velocityEastMps = from.velocityEastMps;
        to.velocityNorthMps = from.velocityNorthMps;
        to.rollRad = from.rollRad;
        to.pitchRad = from.pitchRad;
        to.yawRad = from.yawRad;
        to.gyroBiasRadPerS = from.gyroBiasRadPerS;
        to.gyroScaleError = from.gyroScaleError;
        to.wheelTurnRadPerM = from.wheelTurnRadPerM;
        to.positionSigmaM = from.positionSigmaM;
        to.headingSigmaRad = from.headingSigmaRad;
        to.flags = from.flags;
    }
}
