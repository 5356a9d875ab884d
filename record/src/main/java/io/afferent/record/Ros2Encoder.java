package io.afferent.record;

import io.afferent.api.msg.Digital;
import io.afferent.api.msg.GpsFix;
import io.afferent.api.msg.Imu;
import io.afferent.api.msg.Pose;
import io.afferent.api.msg.Range;
import io.afferent.api.msg.Wheels;
import io.afferent.mcap.CdrWriter;
import io.afferent.mcap.Ros2Schema;
import io.afferent.mcap.Ros2Schemas;

/**
 * A built-in message type written as the standard ROS 2 message it corresponds to, so that Foxglove, PlotJuggler
 * and {@code ros2 bag} plot it with no plugin. The header stamp is the acquisition time (epoch ns); frame ids
 * name the sensor's topic. Fields with no ROS 2 counterpart (valid masks, fix mode, flags) are in the exact
 * {@code /afferent/TOPIC} channel only.
 *
 * <p>Single thread: the recorder's. No allocation.
 */
public abstract class Ros2Encoder<M> {
    private final Ros2Schema schema;

    Ros2Encoder(Ros2Schema schema) {
        this.schema = schema;
    }

    public Ros2Schema schema() {
        return schema;
    }

    /** Encodes {@code m} (reset first) stamped {@code stampEpochNanos} in frame {@code frame}. */
    public abstract void encode(CdrWriter cdr, long stampEpochNanos, String frame, M m);

    /** The encoder of a built-in type name, or null for a type without a standard ROS 2 counterpart. */
    @SuppressWarnings("unchecked")
    public static <M> Ros2Encoder<M> forType(String typeName) {
        Ros2Encoder<?> e = switch (typeName) {
            case "imu" -> new ImuEncoder();
            case "gps-fix" -> new NavSatFixEncoder();
            case "range" -> new RangeEncoder();
            case "pose" -> new PoseEncoder();
            case "digital" -> new BoolEncoder();
            case "wheels" -> new JointStateEncoder();
            default -> null;
        };
        return (Ros2Encoder<M>) e;
    }

    static void quaternion(CdrWriter cdr, double roll, double pitch, double yaw) {
        double cr = Math.cos(roll / 2), sr = Math.sin(roll / 2);
        double cp = Math.cos(pitch / 2), sp = Math.sin(pitch / 2);
        double cy = Math.cos(yaw / 2), sy = Math.sin(yaw / 2);
        cdr.writeFloat64(sr * cp * cy - cr * sp * sy);
        cdr.writeFloat64(cr * sp * cy + sr * cp * sy);
        cdr.writeFloat64(cr * cp * sy - sr * sp * cy);
        cdr.writeFloat64(cr * cp * cy + sr * sp * sy);
    }

    static void zeros(CdrWriter cdr, int n) {
        for (int i = 0; i < n; i++) {
            cdr.writeFloat64(0);
        }
    }

    /** ROS 2 convention (REP 145): a covariance whose first element is -1 means "not provided". */
    static void unknownCovariance(CdrWriter cdr) {
        cdr.writeFloat64(-1);
        zeros(cdr, 8);
    }

    static final class ImuEncoder extends Ros2Encoder<Imu> {
        ImuEncoder() {
            super(Ros2Schemas.IMU);
        }

        @Override
        public void encode(CdrWriter cdr, long stamp, String frame, Imu m) {
            cdr.reset().writeHeader(stamp, frame);
            if ((m.validMask & Imu.ANGLE) != 0) {
                quaternion(cdr, m.rollRad, m.pitchRad, m.yawRad);
                zeros(cdr, 9);
            } else {
                cdr.writeFloat64(0).writeFloat64(0).writeFloat64(0).writeFloat64(1);
                unknownCovariance(cdr);
            }
            cdr.writeFloat64(m.gyroX).writeFloat64(m.gyroY).writeFloat64(m.gyroZ);
            if ((m.validMask & Imu.GYRO) != 0) zeros(cdr, 9); else unknownCovariance(cdr);
            cdr.writeFloat64(m.accelX).writeFloat64(m.accelY).writeFloat64(m.accelZ);
            if ((m.validMask & Imu.ACCEL) != 0) zeros(cdr, 9); else unknownCovariance(cdr);
        }
    }

    static final class NavSatFixEncoder extends Ros2Encoder<GpsFix> {
        /** User equivalent range error assumed to turn HDOP into a horizontal sigma, m. */
        static final double UERE_M = 5.0;

        NavSatFixEncoder() {
            super(Ros2Schemas.NAV_SAT_FIX);
        }

        @Override
        public void encode(CdrWriter cdr, long stamp, String frame, GpsFix m) {
            cdr.reset().writeHeader(stamp, frame);
            boolean fix = m.has(GpsFix.POSITION) && m.fixQuality != GpsFix.QUALITY_INVALID;
            cdr.writeInt8(fix ? 0 : -1).writeUint16(1);
            cdr.writeFloat64(m.latitudeDeg).writeFloat64(m.longitudeDeg).writeFloat64(m.altitudeM);
            boolean dop = m.has(GpsFix.DOP);
            double h = dop ? m.hdop * UERE_M : 0;
            cdr.writeFloat64(h * h).writeFloat64(0).writeFloat64(0);
            cdr.writeFloat64(0).writeFloat64(h * h).writeFloat64(0);
            cdr.writeFloat64(0).writeFloat64(0).writeFloat64(4 * h * h);
            cdr.writeUint8(dop ? 1 : 0);
        }
    }

    static final class RangeEncoder extends Ros2Encoder<Range> {
        RangeEncoder() {
            super(Ros2Schemas.RANGE);
        }

        @Override
        public void encode(CdrWriter cdr, long stamp, String frame, Range m) {
            cdr.reset().writeHeader(stamp, frame);
            cdr.writeUint8(0);                       // ULTRASOUND
            cdr.writeFloat32(0.26f).writeFloat32(0.02f).writeFloat32(4.0f);
            // REP 117: no echo within range is +Inf.
            cdr.writeFloat32(m.noEcho ? Float.POSITIVE_INFINITY : (float) m.distanceM).writeFloat32(0);
        }
    }

    static final class PoseEncoder extends Ros2Encoder<Pose> {
        PoseEncoder() {
            super(Ros2Schemas.POSE_WITH_COVARIANCE_STAMPED);
        }

        @Override
        public void encode(CdrWriter cdr, long stamp, String frame, Pose m) {
            cdr.reset().writeHeader(stamp, frame);
            cdr.writeFloat64(m.xM).writeFloat64(m.yM).writeFloat64(0);
            quaternion(cdr, m.rollRad, m.pitchRad, m.yawRad);
            double p = m.positionSigmaM * m.positionSigmaM;
            double hd = m.headingSigmaRad * m.headingSigmaRad;
            for (int i = 0; i < 36; i++) {
                cdr.writeFloat64(i == 0 || i == 7 ? p : i == 35 ? hd : 0);
            }
        }
    }

    static final class BoolEncoder extends Ros2Encoder<Digital> {
        BoolEncoder() {
            super(Ros2Schemas.BOOL);
        }

        @Override
        public void encode(CdrWriter cdr, long stamp, String frame, Digital m) {
            cdr.reset().writeBool(m.high);
        }
    }

    static final class JointStateEncoder extends Ros2Encoder<Wheels> {
        JointStateEncoder() {
            super(Ros2Schemas.JOINT_STATE);
        }

        @Override
        public void encode(CdrWriter cdr, long stamp, String frame, Wheels m) {
            cdr.reset().writeHeader(stamp, frame);
            cdr.writeSequenceLength(2).writeString("left_wheel").writeString("right_wheel");
            double radPerTick = m.ticksPerRevolution > 0 ? 2 * Math.PI / m.ticksPerRevolution : 0;
            cdr.writeSequenceLength(2).writeFloat64(m.leftTicks * radPerTick).writeFloat64(m.rightTicks * radPerTick);
            cdr.writeSequenceLength(2).writeFloat64(m.leftTicksPerS * radPerTick).writeFloat64(m.rightTicksPerS * radPerTick);
            cdr.writeSequenceLength(0);
        }
    }
}
