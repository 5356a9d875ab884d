package io.afferent.deploy.replay;

import io.afferent.runtime.clock.NanoClock;

/**
 * The clock the stages see during replay: during each handling, the readings the stage made when it was recorded,
 * in order (then the last one again); outside a handling, the recorded time of the last handling. Single thread.
 */
final class VirtualClock implements NanoClock {
    private long now;
    private long[] reads = new long[0];
    private int count;
    private int next;

    void handling(long handledNanos, long[] recordedReads, int recordedCount) {
        now = handledNanos;
        reads = recordedReads;
        count = Math.min(recordedCount, recordedReads.length);
        next = 0;
    }

    @Override
    public long nanoTime() {
        if (next < count) {
            now = reads[next++];
        }
        return now;
    }
}
