package io.afferent.runtime.reader;

import io.afferent.api.PeriodicSource;
import io.afferent.api.Source;
import io.afferent.api.SourceContext;
import io.afferent.api.StreamSource;
import io.afferent.runtime.timing.SourceStats;
import io.afferent.runtime.topic.TopicWriter;

import io.afferent.config.SourceConfig;
import io.afferent.runtime.clock.NanoClock;
import io.afferent.runtime.thread.ErrorLog;
import io.afferent.runtime.thread.RunControl;

/**
 * Samples a {@link PeriodicSource} on an absolute timeline {@code start + k·period}, never drifting.
 * Lateness (acquisition time minus the timeline point) is recorded coordinated-omission correct: when
 * the reader wakes more than a period late, the periods it missed are skipped (counted in
 * {@code missed_periods}) and the lateness the missed samples would have had is recorded too.
 *
 * <p>Single thread: the reader thread.
 */
public final class PeriodicAgent<M> extends ReaderAgent<M> {
    private final PeriodicSource<M> source;
    private final long periodNanos;
    private long originNanos;
    private long nextDeadlineNanos = Long.MAX_VALUE;

    public PeriodicAgent(SourceConfig config, PeriodicSource<M> source, SourceStats stats, TopicWriter<M> publisher,
                         NanoClock clock, RunControl control, ErrorLog errors) {
        super(config, source, stats, publisher, clock, control, errors);
        this.source = source;
        this.periodNanos = config.periodNanos();
        if (control.timelineStarted()) {
            joinTimeline(control.startNanos());
        }
    }

    /**
     * Sets the timeline {@code start + phase + k·period}; its first deadline is {@code start + phase + period}.
     */
    private void joinTimeline(long startNanos) {
        originNanos = startNanos + config.phaseNanos();
        nextDeadlineNanos = originNanos + periodNanos;
    }

    @Override
    protected int work(long nowNanos) throws Exception {
        if (nowNanos - nextDeadlineNanos < 0 || nextDeadlineNanos == Long.MAX_VALUE) {
            return 0;
        }
        long acquired = clock.nanoTime();
        long lateness = acquired - nextDeadlineNanos;
        stats.lateness().recordWithExpectedInterval(lateness, periodNanos);
        M m = publisher.claim();
        if (source.sample(acquired, m)) {
            publisher.publish(acquired);
        } else {
            publisher.abandon();
        }
        nextDeadlineNanos += periodNanos;
        if (acquired - nextDeadlineNanos >= 0) {
            long missed = (acquired - nextDeadlineNanos) / periodNanos + 1;
            nextDeadlineNanos += missed * periodNanos;
            stats.missedPeriods.add(missed);
        }
        return 1;
    }

    @Override
    protected void prepare(long nowNanos) throws Exception {
        source.advanceTo(nowNanos);
    }

    @Override
    protected void onTimelineStart(long startNanos) throws Exception {
        joinTimeline(startNanos);
        source.advanceTo(nextDeadlineNanos);
    }

    @Override
    protected void onOpened(long nowNanos) {
        // When opening took a period or more (a device that was slow to open, a restart after backoff),
        // resume at the next point of the original timeline: time the source was not open is accounted
        // as errors and restarts, not as lateness.
        if (nowNanos - nextDeadlineNanos >= periodNanos) {
            long k = (nowNanos - originNanos) / periodNanos + 1;
            nextDeadlineNanos = originNanos + k * periodNanos;
        }
    }

    @Override
    protected long nextDeadlineNanos() {
        return nextDeadlineNanos;
    }

    public long periodNanos() {
        return periodNanos;
    }
}
