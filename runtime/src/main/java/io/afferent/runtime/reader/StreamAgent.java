package io.afferent.runtime.reader;

import io.afferent.config.SourceConfig;
import io.afferent.runtime.clock.NanoClock;
import io.afferent.runtime.ring.RingPublisher;
import io.afferent.runtime.run.ErrorLog;
import io.afferent.runtime.run.RunControl;
import io.afferent.runtime.source.SourceStats;
import io.afferent.runtime.source.StreamSource;

/** Polls a {@link StreamSource}, which publishes samples as its device delivers them. Single thread: the reader. */
public final class StreamAgent extends ReaderAgent {
    private final StreamSource source;

    public StreamAgent(SourceConfig config, StreamSource source, SourceStats stats, RingPublisher publisher,
                       NanoClock clock, RunControl control, ErrorLog errors) {
        super(config, source, stats, publisher, clock, control, errors);
        this.source = source;
    }

    @Override
    protected int work(long nowNanos) throws Exception {
        return source.poll(publisher);
    }

    @Override
    protected void onOpened(long nowNanos) {
    }

    @Override
    protected void prepare(long nowNanos) {
    }

    @Override
    protected void onTimelineStart(long startNanos) {
    }

    @Override
    protected long nextDeadlineNanos() {
        return Long.MAX_VALUE;
    }
}
