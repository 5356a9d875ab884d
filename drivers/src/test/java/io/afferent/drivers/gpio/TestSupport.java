package io.afferent.drivers.gpio;

import io.afferent.runtime.clock.NanoClock;
import io.afferent.runtime.sample.Sample;
import io.afferent.runtime.sample.SampleKind;
import io.afferent.runtime.source.SampleSink;
import io.afferent.runtime.source.SourceContext;
import io.afferent.runtime.timing.Counter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A source context and a collecting sink for driving GPIO sources by hand in tests. */
final class TestSupport {
    private TestSupport() {
    }

    static final class Context implements SourceContext {
        final NanoClock clock;
        final Map<String, Counter> rejects = new ConcurrentHashMap<>();
        volatile boolean running = true;

        Context(NanoClock clock) {
            this.clock = clock;
        }

        @Override
        public String sourceName() {
            return "test";
        }

        @Override
        public NanoClock clock() {
            return clock;
        }

        @Override
        public Counter rejectCounter(String reason) {
            return rejects.computeIfAbsent(reason, Counter::new);
        }

        @Override
        public void connectionChanged(boolean connected, String detail) {
        }

        @Override
        public boolean running() {
            return running;
        }

        long rejected(String reason) {
            Counter c = rejects.get(reason);
            return c == null ? 0 : c.get();
        }
    }

    static final class Sink implements SampleSink {
        private final SampleKind kind;
        private final Sample scratch = new Sample();
        final List<Sample> samples = new ArrayList<>();

        Sink(SampleKind kind) {
            this.kind = kind;
        }

        @Override
        public Sample claim() {
            return scratch.reset(kind);
        }

        @Override
        public void publish() {
            Sample copy = new Sample();
            copy.copyFrom(scratch);
            samples.add(copy);
        }

        Sample last() {
            return samples.getLast();
        }
    }

    /** A periodic source's one sample, as the reader would take it. */
    static Sample sample(io.afferent.runtime.source.PeriodicSource s, long nanos) throws Exception {
        Sample out = new Sample().reset(s.kind());
        out.acquiredNanos = nanos;
        s.sample(nanos, out);
        return out;
    }
}
