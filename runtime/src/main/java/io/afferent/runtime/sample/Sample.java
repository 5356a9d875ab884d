package io.afferent.runtime.sample;

/**
 * One ring entry. Preallocated by the ring and filled in place: a reader fills it, then publishes it;
 * the consuming stage reads it. Only the part named by {@link #kind} is meaningful.
 *
 * <p>Single writer: the reader thread of the ring, until publication; afterwards read-only for the
 * ring's consumer. Public fields on purpose: this is a hot-path value holder, like a Disruptor event.
 */
public final class Sample {
    /** Index of the source in the pipeline (stable for a run). */
    public int sourceId;
    public SampleKind kind;
    /** Per-source sequence number of the sample, counting dropped ones too, so gaps are visible. */
    public long sequence;
    /** When the sample was acquired (clock nanos), taken once by the reader; travels through every stage. */
    public long acquiredNanos;
    /** When the reader published the sample into the ring (clock nanos); the stage measures queueing from it. */
    public long publishedNanos;

    public final Imu imu = new Imu();
    public final Wheels wheels = new Wheels();
    public final GpsFix gps = new GpsFix();
    public final Range range = new Range();
    public final Digital digital = new Digital();

    /** Resets the header and the payload of {@code newKind}; called by the reader before a source fills it. */
    public Sample reset(SampleKind newKind) {
        kind = newKind;
        sequence = 0;
        acquiredNanos = 0;
        publishedNanos = 0;
        switch (newKind) {
            case IMU -> imu.clear();
            case WHEELS -> wheels.clear();
            case GPS -> gps.clear();
            case RANGE -> range.clear();
            case DIGITAL -> digital.clear();
        }
        return this;
    }

    /** Copies header and the payload of {@code o.kind} from {@code o}. */
    public void copyFrom(Sample o) {
        sourceId = o.sourceId;
        kind = o.kind;
        sequence = o.sequence;
        acquiredNanos = o.acquiredNanos;
        publishedNanos = o.publishedNanos;
        switch (o.kind) {
            case IMU -> imu.copyFrom(o.imu);
            case WHEELS -> wheels.copyFrom(o.wheels);
            case GPS -> gps.copyFrom(o.gps);
            case RANGE -> range.copyFrom(o.range);
            case DIGITAL -> digital.copyFrom(o.digital);
        }
    }
}
