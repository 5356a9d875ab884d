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

/** Polls a {@link StreamSource}, which publishes samples as its device delivers them. Single thread: the reader. */
public final class StreamAgent<M> extends ReaderAgent<M> {
    private final StreamSource<M> source;

    public StreamAgent(SourceConfig config, StreamSource<M> source, SourceStats stats, TopicWriter<M> publisher,
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
