package io.afferent.telemetry;

import java.time.Instant;

/**
 * One robot as the fleet view last heard of it. Immutable snapshot; a field is null when no message has
 * carried it yet.
 *
 * @param state            {@code online}, {@code offline} (the robot said so, or its last will did) or
 *                         {@code silent} (online, but nothing heard for {@link FleetView#SILENT_AFTER_NANOS})
 * @param offlineReason    {@code stopped} (a clean stop) or {@code connection_lost} (the last will), when offline
 * @param uptimeS          the run's uptime in its latest interval message
 * @param imuRateHz        the summed rate of the sources of kind {@code imu} in the latest interval
 * @param worstLatenessP99Us the worst wake-up lateness p99 over the sources in the latest interval
 * @param deadlineMisses   deadline misses since the run started, all stages
 * @param dropped          samples the run's rings dropped since it started
 * @param telemetryDropped messages its telemetry client dropped since it started
 * @param estop            whether an e-stop is active
 * @param lastEvent        the latest event: kind and message
 */
public record FleetRow(String robot, String state, String offlineReason, String profile, String host, String version,
                       Instant startedAt, Double uptimeS, Double imuRateHz, Double worstLatenessP99Us, Long deadlineMisses,
                       Long dropped, Long telemetryDropped, Boolean estop, String lastEventKind, String lastEvent,
                       Instant lastEventAt, Instant lastSeen) {
    public boolean online() {
        return "online".equals(state);
    }
}
