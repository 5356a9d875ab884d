package io.afferent.drivers.serial;

import io.afferent.api.StreamOutput;
import io.afferent.api.StreamSource;
import java.util.function.BooleanSupplier;

/** Polling helpers: loop until a condition holds, with a generous bound so a bug fails instead of hanging. */
final class SerialTestSupport {
    private SerialTestSupport() {
    }

    /** Polls until {@code done} holds; false if it never did within the bound (about {@code maxPolls} reads). */
    static <M> boolean pollUntil(StreamSource<M> source, StreamOutput<M> out, BooleanSupplier done, int maxPolls)
            throws Exception {
        for (int i = 0; i < maxPolls; i++) {
            if (done.getAsBoolean()) {
                return true;
            }
            source.poll(out);
        }
        return done.getAsBoolean();
    }
}
