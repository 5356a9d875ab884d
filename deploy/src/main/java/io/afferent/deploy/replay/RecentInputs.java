package io.afferent.deploy.replay;

import java.util.ArrayList;
import java.util.List;

/** The last few inputs handled, for the lines that show what came just before a divergence. Single thread. */
final class RecentInputs {
    private static final int KEEP = 5;
    private final String[] topics = new String[KEEP];
    private final String[] stages = new String[KEEP];
    private final long[] sequences = new long[KEEP];
    private final long[] origins = new long[KEEP];
    private long count;
    private long firstOrigin = Long.MIN_VALUE;

    void add(String topic, long sequence, long originNanos, String stage) {
        if (firstOrigin == Long.MIN_VALUE) {
            firstOrigin = originNanos;
        }
        int i = (int) (count++ % KEEP);
        topics[i] = topic;
        sequences[i] = sequence;
        origins[i] = originNanos;
        stages[i] = stage;
    }

    /** Seconds of an acquisition time from the first input's. */
    double seconds(long originNanos) {
        return (originNanos - (firstOrigin == Long.MIN_VALUE ? originNanos : firstOrigin)) * 1e-9;
    }

    String describe() {
        List<String> lines = new ArrayList<>();
        for (long k = Math.max(0, count - KEEP); k < count; k++) {
            int i = (int) (k % KEEP);
            lines.add(String.format("%s #%d (acquired at %.6f s) -> stage %s", topics[i], sequences[i],
                    seconds(origins[i]), stages[i]));
        }
        return String.join("\n  ", lines);
    }
}
