package io.afferent.sim.serve;

import io.afferent.api.msg.GpsFix;
import io.afferent.api.msg.Imu;
import io.afferent.sim.config.ServeSpec;
import io.afferent.sim.protocol.Nmea0183;
import io.afferent.sim.protocol.WitMotion;
import io.afferent.sim.sensor.GpsSensor;
import io.afferent.sim.sensor.SimSource;

/**
 * Produces a served source's sample k and writes it in its protocol: NMEA 0183 for a simulated GPS, WitMotion
 * frames for a simulated IMU. Single thread: the device's writer. Allocation-free.
 */
abstract class FrameWriter<M> {
    final SimSource<M> source;
    final M message;

    private FrameWriter(SimSource<M> source) {
        this.source = source;
        this.message = source.newMessage();
    }

    static FrameWriter<?> of(SimSource<?> source, ServeSpec spec) {
        return switch (spec.protocol()) {
            case "nmea" -> {
                if (!(source.sensor() instanceof GpsSensor gps)) {
                    throw new IllegalArgumentException(source.name() + ": only a simulated GPS is served as nmea");
                }
                @SuppressWarnings("unchecked")
                SimSource<GpsFix> s = (SimSource<GpsFix>) source;
                yield new Nmea(s, gps);
            }
            case "witmotion" -> {
                if (source.type() != Imu.TYPE) {
                    throw new IllegalArgumentException(source.name() + ": only a simulated IMU is served as witmotion");
                }
                @SuppressWarnings("unchecked")
                SimSource<Imu> s = (SimSource<Imu>) source;
                yield new Wit(s, spec.magMicroteslaPerCount());
            }
            default -> throw new IllegalArgumentException("unknown protocol " + spec.protocol());
        };
    }

    /** Produces sample {@code k} (faults applied) without writing it: the sensor keeps running unseen. */
    final void skip(long k) {
        source.produceIndex(k, message);
    }

    /** Produces sample {@code k} and encodes it into {@link #buffer()}; 0 when it carries nothing valid. */
    final int produce(long k) {
        source.produceIndex(k, message);
        return source.isValid(message) ? encode(message) : 0;
    }

    abstract int encode(M m);

    abstract byte[] buffer();

    private static final class Nmea extends FrameWriter<GpsFix> {
        private final GpsSensor sensor;
        private final Nmea0183 nmea = new Nmea0183();

        Nmea(SimSource<GpsFix> source, GpsSensor sensor) {
            super(source);
            this.sensor = sensor;
        }

        @Override
        int encode(GpsFix fix) {
            return nmea.encode(sensor.lastEpochFor(fix));
        }

        @Override
        byte[] buffer() {
            return nmea.buffer();
        }
    }

    private static final class Wit extends FrameWriter<Imu> {
        private final double magMicroteslaPerCount;
        private final byte[] buf = new byte[WitMotion.SAMPLE_BYTES];

        Wit(SimSource<Imu> source, double magMicroteslaPerCount) {
            super(source);
            this.magMicroteslaPerCount = magMicroteslaPerCount;
        }

        @Override
        int encode(Imu m) {
            return WitMotion.encode(m, magMicroteslaPerCount, buf, 0);
        }

        @Override
        byte[] buffer() {
            return buf;
        }
    }
}
