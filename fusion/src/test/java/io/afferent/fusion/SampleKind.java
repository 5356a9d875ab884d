package io.afferent.fusion;

/** The kinds of input a test drive produces (one topic each). */
enum SampleKind {
    IMU, WHEELS, GPS, RANGE, DIGITAL
}
