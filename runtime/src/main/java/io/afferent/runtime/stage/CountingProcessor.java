package io.afferent.runtime.stage;

import io.afferent.runtime.sample.Sample;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stage type {@code count}: takes every sample of its inputs and counts it, with the gaps in each source's
 * sequence numbers (samples dropped before the stage). Each sample is its own output, so the stage's end-to-end
 * latency is acquisition to handled. The lightest stage there is: for benchmarks ({@code afferent bench scale})
 * and for checking a new sensor's rates and timing before writing the stage that uses it.
 *
 * <p>Single thread: the stage thread; {@link #counters()} after it ended.
 */
public final class CountingProcessor implements StageProcessor {
    /** Sources are indexed by their pipeline id; more than this many are counted as one. */
    private static final int MAX_SOURCES = 1024;
    private final long[] lastSequence = new long[MAX_SOURCES];
    private long samples;
    private long gaps;
    private long checksum;

    public CountingProcessor() {
        java.util.Arrays.fill(lastSequence, -1);
    }

    @Override
    public boolean onSample(Sample s) {
        samples++;
        int id = Math.min(s.sourceId, MAX_SOURCES - 1);
        long last = lastSequence[id];
        if (last >= 0 && s.sequence > last + 1) {
            gaps += s.sequence - last - 1;
        }
        lastSequence[id] = s.sequence;
        checksum += s.acquiredNanos;
        return true;
    }

    @Override
    public void reset() {
        java.util.Arrays.fill(lastSequence, -1);
    }

    @Override
    public Map<String, Long> counters() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("samples", samples);
        m.put("sequence_gaps", gaps);
        return m;
    }

    /** Sum of every acquisition time seen (keeps the work from being optimised away). */
    public long checksum() {
        return checksum;
    }
}
