package io.afferent.sim.sensor;

import io.afferent.api.MessageType;
import io.afferent.api.msg.GpsFix;
import io.afferent.api.msg.Imu;
import io.afferent.api.msg.Range;
import io.afferent.api.msg.Wheels;

/**
 * What the simulator needs to know of a message type it produces: how to copy it and what a dropout leaves in it
 * (IMU/GPS validMask 0, wheels ticksPerRevolution 0, range noEcho). One instance per built-in type; stateless,
 * allocation-free, any thread.
 *
 * @param <M> the message class
 */
public abstract class SimMessage<M> {
    public static final SimMessage<Imu> IMU = new SimMessage<>(Imu.TYPE) {
        @Override public void clear(Imu m) { m.clear(); }
        @Override public void copy(Imu from, Imu to) { to.copyFrom(from); }
        @Override public void invalidate(Imu m) { m.clear(); }
        @Override public boolean isValid(Imu m) { return m.validMask != 0; }
    };

    public static final SimMessage<Wheels> WHEELS = new SimMessage<>(Wheels.TYPE) {
        @Override public void clear(Wheels m) { m.clear(); }
        @Override public void copy(Wheels from, Wheels to) { to.copyFrom(from); }
        @Override public void invalidate(Wheels m) { m.clear(); }
        @Override public boolean isValid(Wheels m) { return m.ticksPerRevolution > 0; }
    };

    public static final SimMessage<GpsFix> GPS = new SimMessage<>(GpsFix.TYPE) {
        @Override public void clear(GpsFix m) { m.clear(); }
        @Override public void copy(GpsFix from, GpsFix to) { to.copyFrom(from); }
        @Override public void invalidate(GpsFix m) { m.clear(); }
        @Override public boolean isValid(GpsFix m) { return m.validMask != 0; }
    };

    public static final SimMessage<Range> RANGE = new SimMessage<>(Range.TYPE) {
        @Override public void clear(Range m) { m.clear(); }
        @Override public void copy(Range from, Range to) { to.copyFrom(from); }

        @Override
        public void invalidate(Range m) {
            m.clear();
            m.noEcho = true;
        }

        @Override public boolean isValid(Range m) { return !m.noEcho; }
    };

    private final MessageType<M> type;

    private SimMessage(MessageType<M> type) {
        this.type = type;
    }

    public final MessageType<M> type() {
        return type;
    }

    /** A new, cleared message (set-up only). */
    public final M create() {
        return type.create();
    }

    /** Clears every field. */
    public abstract void clear(M m);

    /** Copies every field. */
    public abstract void copy(M from, M to);

    /** Leaves what a dropout leaves: nothing valid. */
    public abstract void invalidate(M m);

    /** True when {@code m} carries valid data (what {@link #invalidate} clears). */
    public abstract boolean isValid(M m);
}
