package io.afferent.telemetry;

import java.util.List;

/**
 * The live status of a run over one report interval, as the reporter sees it: what an {@code interval}
 * message carries. Built by the caller (the reporter thread) and handed to
 * {@link TelemetryPublisher#interval}; serialised on the publisher's thread. Immutable.
 *
 * @param uptimeS   seconds since the run's timeline started
 * @param intervalS the length of the interval the rates and quantiles cover
 * @param estop     whether an e-stop is active; null when the run has no e-stop input
 */
public record IntervalSnapshot(double uptimeS, double intervalS, List<Source> sources, List<Stage> stages, Boolean estop) {
    public IntervalSnapshot {
        sources = List.copyOf(sources);
        stages = List.copyOf(stages);
    }

    /**
     * A source (reader) over the interval.
     *
     * @param kind      the message type it publishes ({@code imu}, {@code gps}, ...); the fleet view's IMU rate is
     *                  the rate of the sources of kind {@code imu}
     * @param samples   samples since the start of the run
     * @param dropped   samples dropped since the start (full ring)
     * @param lateness  wake-up lateness in this interval; null for a streaming source
     */
    public record Source(String name, String kind, double rateHz, long samples, long dropped, boolean connected,
                         Quantiles lateness) {
    }

    /**
     * A stage over the interval.
     *
     * @param events         samples handled since the start of the run
     * @param deadlineMisses deadline misses since the start of the run
     * @param service        service time in this interval
     * @param queue          queue latency (publish to start of handling) in this interval
     */
    public record Stage(String name, long events, long deadlineUs, long deadlineMisses, Quantiles service, Quantiles queue) {
    }
}
