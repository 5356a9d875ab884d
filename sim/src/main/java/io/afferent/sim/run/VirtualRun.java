package io.afferent.sim.run;

import io.afferent.runtime.sample.Sample;
import io.afferent.sim.sensor.SimSource;

import java.util.List;

/**
 * Virtual time: steps simulated sources in timestamp order (ties in list order), as fast as possible,
 * from index 1 (the first point of a reader's timeline) up to an end time. Each sample is handed to a
 * listener with {@link Sample#acquiredNanos} set to its exact timeline time, so a stage (or a scoring loop
 * querying {@link io.afferent.sim.world.GroundTruth}) sees what a real-time run would see, minus the
 * jitter. Single thread: the caller's.
 */
public final class VirtualRun {
    /** Receives each sample; {@code sample} is reused: copy what you keep. */
    @FunctionalInterface
    public interface Listener {
        void onSample(int sourceIndex, SimSource source, Sample sample);
    }

    private final List<SimSource> sources;
    private final long[] next;
    private final Sample sample = new Sample();

    public VirtualRun(List<SimSource> sources) {
        this.sources = List.copyOf(sources);
        this.next = new long[this.sources.size()];
        for (int i = 0; i < next.length; i++) {
            next[i] = 1;
        }
    }

    /** Runs until simulated time {@code endNanos} after each source's origin (inclusive); returns samples delivered. */
    public long runFor(long durationNanos, Listener listener) {
        long count = 0;
        while (true) {
            int best = -1;
            long bestTime = Long.MAX_VALUE;
            for (int i = 0; i < next.length; i++) {
                SimSource s = sources.get(i);
                long rel = next[i] * s.periodNanos();
                if (rel <= durationNanos && rel < bestTime) {
                    best = i;
                    bestTime = rel;
                }
            }
            if (best < 0) {
                return count;
            }
            SimSource s = sources.get(best);
            long k = next[best]++;
            sample.reset(s.kind());
            sample.sourceId = best;
            sample.sequence = k;
            sample.acquiredNanos = s.timeOf(k);
            s.produceIndex(k, sample);
            listener.onSample(best, s, sample);
            count++;
        }
    }
}
