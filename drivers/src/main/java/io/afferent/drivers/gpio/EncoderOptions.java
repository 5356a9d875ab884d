package io.afferent.drivers.gpio;

import com.pi4j.io.gpio.digital.PullResistance;

/**
 * Settings shared by both encoder modes.
 *
 * @param ticksPerRevolution      after ×4 decoding (4 × the encoder's lines per wheel revolution, gearing included)
 * @param pull                    pull resistor of the A/B inputs (open-collector encoders need {@code PULL_UP})
 * @param velocityWindowNanos     span of the velocity estimate
 * @param minPublishIntervalNanos edge mode: at most one sample per interval while edges arrive
 * @param idlePublishIntervalNanos edge mode: a sample at least this often when the wheels stand still
 * @param reorderWindowNanos      edge mode: how long to wait for an edge whose sequence number was taken
 *                                by a listener but is not yet queued, before counting it lost
 * @param edgeQueueCapacity       edge mode: edges queued per pin between the listener and the reader (power of two)
 */
public record EncoderOptions(int ticksPerRevolution, PullResistance pull, long velocityWindowNanos,
                             long minPublishIntervalNanos, long idlePublishIntervalNanos, long reorderWindowNanos,
                             int edgeQueueCapacity) {
    public static EncoderOptions defaults(int ticksPerRevolution) {
        return new EncoderOptions(ticksPerRevolution, PullResistance.PULL_UP, 100_000_000L, 1_000_000L, 100_000_000L,
                5_000_000L, 4096);
    }

    public EncoderOptions withPublishIntervals(long minNanos, long idleNanos) {
        return new EncoderOptions(ticksPerRevolution, pull, velocityWindowNanos, minNanos, idleNanos,
                reorderWindowNanos, edgeQueueCapacity);
    }
}
