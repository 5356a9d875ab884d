package io.afferent.runtime.stage;

import io.afferent.api.ConfigError;
import io.afferent.api.Counter;
import io.afferent.api.Handler;
import io.afferent.api.Input;
import io.afferent.api.Stage;
import io.afferent.api.StageSetup;

/**
 * Stage type {@code count}: takes every message of its inputs, whatever their type, and counts it, with the gaps
 * in each topic's sequence numbers (messages dropped before the stage). It publishes nothing, so its end-to-end
 * latency is acquisition to handled. The lightest stage there is: for benchmarks ({@code afferent bench scale}) and
 * for checking a new sensor's rates and timing before writing the stage that uses it.
 *
 * <p>Single thread: the stage thread.
 */
public final class CountStage implements Stage {
    private final Counter samples;
    private final Counter gaps;
    private long checksum;

    private CountStage(StageSetup setup) throws ConfigError {
        setup.params().rejectUnknownKeys();
        this.samples = setup.counter("samples");
        this.gaps = setup.counter("sequence_gaps");
        for (String topic : setup.inputs()) {
            setup.subscribe(topic).onAny(new PerTopic());
        }
    }

    public static Stage create(StageSetup setup) throws ConfigError {
        return new CountStage(setup);
    }

    /** Keeps the last sequence of one topic. */
    private final class PerTopic implements Handler<Object> {
        private long last = -1;

        @Override
        public void onMessage(Object message, Input in) {
            samples.increment();
            long seq = in.sequence();
            if (last >= 0 && seq > last + 1) {
                gaps.add(seq - last - 1);
            }
            last = seq;
            checksum += in.originNanos();
        }
    }

    /** Sum of every acquisition time seen (keeps the work from being optimised away). */
    public long checksum() {
        return checksum;
    }
}
