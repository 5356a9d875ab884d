package io.afferent.telemetry;

/** Three figures of a timing distribution, in microseconds. */
public record Quantiles(double p50Us, double p99Us, double maxUs) {
}
