package io.afferent.drivers.gpio;

import io.afferent.api.MessageType;
import io.afferent.api.PeriodicSource;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Driving periodic GPIO sources by hand in tests. */
final class TestSupport {
    private TestSupport() {
    }

    /** A periodic source's one sample, as the reader would take it (into a cleared message). */
    static <M> M sample(PeriodicSource<M> s, MessageType<M> type, long nanos) throws Exception {
        M out = type.create();
        type.clear(out);
        assertTrue(s.sample(nanos, out), "a GPIO source publishes every period");
        return out;
    }
}
