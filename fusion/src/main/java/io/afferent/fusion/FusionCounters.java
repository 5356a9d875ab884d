package io.afferent.fusion;

import io.afferent.api.Counter;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The fusion stage's counters, by the names the report lists them under. Made once at set-up (by the run's
 * {@code Setup.counter}, or as {@link LocalCounter}s for a detached processor); incremented by the stage thread,
 * read by any thread.
 */
final class FusionCounters {
    private final Map<String, Counter> byName = new LinkedHashMap<>();

    final Counter imuFused;
    final Counter wheelsFused;
    final Counter gpsFused;
    /** Second reports of one fix (GGA and RMC of the same time): validated, not fused again. */
    final Counter gpsRepeats;
    final Counter gpsRejected;
    final Counter gpsResets;
    /** GPS courses over ground fused as heading, and rejected by the gate. */
    final Counter courseFused;
    final Counter courseRejected;
    /** Times the heading was reset to the course after courses had been rejected for {@code gps_reset_after}. */
    final Counter headingResets;
    /** Zero-rate updates at a standstill, and those rejected by the gate (the gyro saw a turn). */
    final Counter zeroRateFused;
    final Counter zeroRateRejected;
    /** Measurements fused at their time of validity by rewinding the filter. */
    final Counter lateFused;
    /** Measurements older than the filter's whole history: dropped. */
    final Counter tooLate;
    /** Late measurements dropped by the {@code skip} overrun policy. */
    final Counter lateDropped;
    final Counter replayedEvents;
    /** IMU samples not fused (skip) or folded into the next one (degrade) under the overrun policy. */
    final Counter imuSkipped;
    /** Times the processor went over budget (entered the overrun policy). */
    final Counter overrunEntries;
    /** Times each source went from used to failed. */
    final Counter imuFailures;
    final Counter wheelsFailures;
    final Counter gpsFailures;
    final Counter estopActivations;
    /** 1 while an emergency stop is active, else 0. */
    final Counter estopActive;
    /** Poses handed to the output (what the topic then dropped, if anything, its statistics say). */
    final Counter outputsPublished;

    /** Counters made by {@code make} (the run's {@code Setup::counter}), in report order. */
    FusionCounters(Function<String, Counter> make) {
        imuFused = add(make, "imu_fused");
        wheelsFused = add(make, "wheels_fused");
        gpsFused = add(make, "gps_fused");
        gpsRepeats = add(make, "gps_repeats");
        gpsRejected = add(make, "gps_rejected");
        gpsResets = add(make, "gps_resets");
        courseFused = add(make, "course_fused");
        courseRejected = add(make, "course_rejected");
        headingResets = add(make, "heading_resets");
        zeroRateFused = add(make, "zero_rate_fused");
        zeroRateRejected = add(make, "zero_rate_rejected");
        lateFused = add(make, "late_fused");
        tooLate = add(make, "too_late");
        lateDropped = add(make, "late_dropped");
        replayedEvents = add(make, "replayed_events");
        imuSkipped = add(make, "imu_skipped");
        overrunEntries = add(make, "overrun_entries");
        imuFailures = add(make, "imu_failures");
        wheelsFailures = add(make, "wheels_failures");
        gpsFailures = add(make, "gps_failures");
        estopActivations = add(make, "estop_activations");
        estopActive = add(make, "estop_active_at_end");
        outputsPublished = add(make, "outputs_published");
    }

    /** Counters of a processor outside any run. */
    static FusionCounters local() {
        return new FusionCounters(name -> new LocalCounter());
    }

    private Counter add(Function<String, Counter> make, String name) {
        Counter c = make.apply(name);
        byName.put(name, c);
        return c;
    }

    /** Every counter's current value, in report order (allocates; for reports and tests). */
    Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        byName.forEach((k, v) -> m.put(k, v.get()));
        return Collections.unmodifiableMap(m);
    }
}
