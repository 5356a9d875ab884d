package io.afferent.runtime.sample;

/** What a {@link Sample} carries; says which of its payload parts is valid. */
public enum SampleKind {
    IMU,
    WHEELS,
    GPS,
    RANGE,
    DIGITAL
}
