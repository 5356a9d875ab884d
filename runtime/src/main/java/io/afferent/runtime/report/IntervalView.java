package io.afferent.runtime.report;

import io.afferent.runtime.stage.FanInStage;
import io.afferent.runtime.stage.StageStats;
import io.afferent.runtime.timing.SourceStats;

import java.util.List;

/**
 * One report interval as an {@link IntervalListener} sees it: the run's sources and stages (their cumulative
 * counters) and the p50, p99 and max of the interval's lateness, service and queue histograms, captured by the
 * reporter in its per-recorder loop. Quantiles are nanoseconds, -1 when the metric recorded nothing in the
 * interval (or, for lateness, when the source is streaming). Reused between intervals; reporter thread only.
 */
public final class IntervalView {
    private final List<SourceStats> sources;
    private final List<FanInStage> stages;
    /** [source][p50, p99, max] of lateness. */
    final long[][] lateness;
    /** [stage][p50, p99, max] of service time. */
    final long[][] service;
    /** [stage][p50, p99, max] of queue latency. */
    final long[][] queue;
    final double[] ratesHz;
    double intervalS;
    long uptimeNanos;
    boolean last;

    IntervalView(List<SourceStats> sources, List<FanInStage> stages) {
        this.sources = sources;
        this.stages = stages;
        this.lateness = new long[sources.size()][3];
        this.service = new long[stages.size()][3];
        this.queue = new long[stages.size()][3];
        this.ratesHz = new double[sources.size()];
    }

    /** Seconds since the timeline started, in nanoseconds. */
    public long uptimeNanos() {
        return uptimeNanos;
    }

    public double intervalS() {
        return intervalS;
    }

    /** Whether this is the run's last interval (after every thread stopped). */
    public boolean last() {
        return last;
    }

    public int sourceCount() {
        return sources.size();
    }

    public SourceStats source(int i) {
        return sources.get(i);
    }

    /** The source's sample rate over the interval. */
    public double rateHz(int i) {
        return ratesHz[i];
    }

    /** p50, p99, max ({@code q} 0, 1, 2) of the source's lateness in the interval; -1 when none. */
    public long latenessNanos(int source, int q) {
        return lateness[source][q];
    }

    public int stageCount() {
        return stages.size();
    }

    public StageStats stage(int i) {
        return stages.get(i).stats();
    }

    public long serviceNanos(int stage, int q) {
        return service[stage][q];
    }

    public long queueNanos(int stage, int q) {
        return queue[stage][q];
    }
}
