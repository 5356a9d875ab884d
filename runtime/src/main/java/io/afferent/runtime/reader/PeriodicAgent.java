package io.afferent.runtime.reader;

import io.afferent.config.SourceConfig;
import io.afferent.runtime.clock.NanoClock;
import io.afferent.runtime.ring.RingPublisher;
import io.afferent.runtime.run.ErrorLog;
import io.afferent.runtime.run.RunControl;
import io.afferent.runtime.sample.Sample;
import io.afferent.runtime.source.PeriodicSource;
import io.afferent.runtime.source.SourceStats;

/**
 * Samples a {@link PeriodicSource} on an absolute timeline {@code start + k·period}, never drifting.
 * Lateness (acquisition time minus the timeline point) is recorded coordinated-omission correct: when
 * the reader wakes more than a period late, the periods it missed are skipped (counted in
 * {@code missed_periods}) and the lateness the missed samples would have had is recorded too.
 *
 * <p>Single thread: the reader thread.
 */
public final class PeriodicAgent extends ReaderAgent {
    private final PeriodicSource source;
    private final long periodNanos;
    private long originNanos;
    private long nextDeadlineNanos = Long.MAX_VALUE;

    public PeriodicAgent(SourceConfig config, PeriodicSource source, SourceStats stats, RingPublisher publisher,
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
        Sample s = publisher.claim();
        s.acquiredNanos = acquired;
        source.sample(acquired, s);
        publisher.publish();
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
