package io.afferent.sim.run;

import io.afferent.sim.sensor.SimSource;

import java.util.List;

/**
 * Virtual time: steps simulated sources in timestamp order (ties in list order), as fast as possible,
 * from index 1 (the first point of a reader's timeline) up to an end time. Each sample is handed to a
 * listener with its exact timeline time as its acquisition time, so a stage (or a scoring loop querying
 * {@link io.afferent.api.truth.GroundTruth}) sees what a real-time run would see, minus the jitter.
 * Allocation-free per sample (one message per source, reused). Single thread: the caller's.
 */
public final class VirtualRun {
    /** Receives each sample; {@code message} is reused: copy what you keep. */
    @FunctionalInterface
    public interface Listener {
        /**
         * @param message       the source's message ({@code source.type()}'s class: Imu, Wheels, GpsFix, Range)
         * @param acquiredNanos the sample's timeline time on the run's clock
         */
        void onSample(int sourceIndex, SimSource<?> source, Object message, long acquiredNanos);
    }

    private final List<SimSource<?>> sources;
    private final Object[] messages;
    private final long[] next;

    public VirtualRun(List<? extends SimSource<?>> sources) {
        this.sources = List.copyOf(sources);
        this.messages = new Object[this.sources.size()];
        this.next = new long[this.sources.size()];
        for (int i = 0; i < next.length; i++) {
            messages[i] = this.sources.get(i).newMessage();
            next[i] = 1;
        }
    }

    /** Runs until simulated time {@code durationNanos} after each source's origin (inclusive); returns samples delivered. */
    public long runFor(long durationNanos, Listener listener) {
        long count = 0;
        while (true) {
            int best = -1;
            long bestTime = Long.MAX_VALUE;
            for (int i = 0; i < next.length; i++) {
                long rel = next[i] * sources.get(i).periodNanos();
                if (rel <= durationNanos && rel < bestTime) {
                    best = i;
                    bestTime = rel;
                }
            }
            if (best < 0) {
                return count;
            }
            long k = next[best]++;
            SimSource<?> s = sources.get(best);
            produce(s, k, messages[best]);
            listener.onSample(best, s, messages[best], s.timeOf(k));
            count++;
        }
    }

    @SuppressWarnings("unchecked")
    private static <M> void produce(SimSource<M> source, long index, Object message) {
        source.produceIndex(index, (M) message);
    }
}
