package io.afferent.drivers.serial;

import io.afferent.runtime.sample.Sample;
import io.afferent.runtime.sample.SampleKind;
import io.afferent.runtime.source.SampleSink;
import java.util.ArrayList;
import java.util.List;

/** A SampleSink for tests: keeps a copy of every published sample. */
public final class CollectingSink implements SampleSink {
    private final SampleKind kind;
    private final Sample scratch = new Sample();
    public final List<Sample> samples = new ArrayList<>();

    CollectingSink(SampleKind kind) {
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
        copy.sequence = samples.size();
        samples.add(copy);
    }
}
