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
 * <p>A source that {@linkplain PeriodicSource#heldSamples() holds its samples} loses nothing to a late wake-up:
 * the reader first delivers each missed period's sample, oldest first, stamped with the period's own point of
 * the timeline (counted in {@code caught_up}), up to what the source holds, at most {@link #MAX_CATCH_UP_NANOS}
 * of them and at most half the ring (older ones are missed periods), then the current period's sample at the wake-up. Each timeline point
 * is recorded once in lateness, as late as the wake-up that delivered it (or would have).
 *
 * <p>Single thread: the reader thread.
 */
public final class PeriodicAgent<M> extends ReaderAgent<M> {
    private final PeriodicSource<M> source;
    /**
     * A reader catches up at most this much of the past after a late wake-up (and at most half its ring): a bound on
     * the burst a stage receives after a long pause (a suspended laptop). Two seconds, not one: with one, a 1.2 s stall
     * of every reader during a turn of sim-laptop still left 200 ms unseen and 0.3° of heading RMS
     * ({@code ReaderTimingAccuracyTest}).
     */
    public static final long MAX_CATCH_UP_NANOS = 2_000_000_000L;

    private final long periodNanos;
    /** How many missed periods a late wake-up delivers (0: the source holds no samples). */
    private long catchUpLimit;
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
        if (catchUpLimit > 0 && lateness >= periodNanos) {
            return catchUp(acquired, lateness / periodNanos);
        }
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

    /**
     * A late wake-up at {@code acquired}, {@code behind} whole periods after the next deadline: the points before the
     * latest one that has passed are caught up (the newest {@link #catchUpLimit} of them; the older are missed), then
     * the latest is sampled now.
     */
    private int catchUp(long acquired, long behind) throws Exception {
        long first = nextDeadlineNanos;
        long latest = first + behind * periodNanos;
        stats.lateness().recordWithExpectedInterval(acquired - first, periodNanos); // every point before the latest
        stats.lateness().record(acquired - latest);
        long deliver = Math.min(behind, catchUpLimit);
        stats.missedPeriods.add(behind - deliver);
        int published = 0;
        for (long t = latest - deliver * periodNanos; t < latest; t += periodNanos) {
            M m = publisher.claim();
            if (source.sample(t, m)) {
                publisher.publish(t);
                stats.caughtUp.increment();
                published++;
            } else {
                publisher.abandon();
            }
        }
        M m = publisher.claim();
        if (source.sample(acquired, m)) {
            publisher.publish(acquired);
        } else {
            publisher.abandon();
        }
        nextDeadlineNanos = latest + periodNanos;
        return published + 1;
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
        catchUpLimit = Math.min(Math.max(0, source.heldSamples()),
                Math.min(MAX_CATCH_UP_NANOS / periodNanos, config.ringSize() / 2));
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
