package io.afferent.drivers.gpio;

import java.lang.reflect.Field;

/** Test access to an encoder's capture, to simulate a listener caught between numbering and queueing. */
final class EdgeCaptureProbe {
    private EdgeCaptureProbe() {
    }

    static void skipSequence(EdgeEncoders e) throws ReflectiveOperationException {
        Field f = EdgeEncoders.class.getDeclaredField("left");
        f.setAccessible(true);
        EdgeCapture c = (EdgeCapture) f.get(e);
        Field seq = EdgeCapture.class.getDeclaredField("sequence");
        seq.setAccessible(true);
        ((java.util.concurrent.atomic.AtomicLong) seq.get(c)).getAndIncrement();
    }
}
