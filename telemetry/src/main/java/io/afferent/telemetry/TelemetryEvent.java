package io.afferent.telemetry;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Something that happened in a run, for the {@code events} topic. The kinds below are the documented
 * ones (PAYLOADS.md); others may be added. Immutable.
 *
 * @param kind     what happened, one of the constants below
 * @param severity {@code info}, {@code warning} or {@code error}
 * @param source   the source, stage or output it concerns; null for the run itself
 * @param message  one line for people
 * @param data     kind-specific figures (numbers, booleans, text); may be empty
 */
public record TelemetryEvent(String kind, String severity, String source, String message, Instant at, Map<String, Object> data) {
    public static final String RUN_STARTED = "run_started";
    public static final String RUN_STOPPED = "run_stopped";
    public static final String ESTOP = "estop";
    public static final String FAULT = "fault";
    public static final String DISCONNECT = "disconnect";
    public static final String RECONNECT = "reconnect";
    public static final String RESTART = "restart";
    public static final String DEADLINE_MISSES = "deadline_misses";
    public static final String SAFETY_STOP = "safety_stop";
    /** Published by the telemetry client itself after an outage of the broker connection. */
    public static final String TELEMETRY_RECONNECTED = "telemetry_reconnected";

    public static final String INFO = "info";
    public static final String WARNING = "warning";
    public static final String ERROR = "error";

    public TelemetryEvent {
        data = data == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(data));
        if (!severity.equals(INFO) && !severity.equals(WARNING) && !severity.equals(ERROR)) {
            throw new IllegalArgumentException("severity must be info, warning or error, not " + severity);
        }
    }

    public static TelemetryEvent of(String kind, String severity, String source, String message) {
        return new TelemetryEvent(kind, severity, source, message, Instant.now(), Map.of());
    }

    public static TelemetryEvent of(String kind, String severity, String source, String message, Map<String, Object> data) {
        return new TelemetryEvent(kind, severity, source, message, Instant.now(), data);
    }

    /** An e-stop pressed ({@code active} true) or released. */
    public static TelemetryEvent estop(String source, boolean active) {
        return of(ESTOP, active ? ERROR : INFO, source, active ? "e-stop pressed" : "e-stop released", Map.of("active", active));
    }

    /**
     * An output went to its safe state {@code count} times in the last {@code intervalS} seconds for {@code reason}
     * ({@code estop}, {@code command_timeout}, {@code command_refused}, {@code output_error}, {@code restart},
     * {@code end_of_run}); {@code total} since the start, as the output's {@code counter} in summary.json.
     * Severity: {@code info} for the end of the run, {@code error} for an actuator's failure, else {@code warning}.
     */
    public static TelemetryEvent safetyStop(String output, String reason, String description, String counter,
                                            long count, long total, double intervalS) {
        String severity = switch (reason) {
            case "end_of_run" -> INFO;
            case "output_error" -> ERROR;
            default -> WARNING;
        };
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("reason", reason);
        data.put("count", count);
        data.put("total", total);
        data.put("counter", counter);
        data.put("interval_s", intervalS);
        return of(SAFETY_STOP, severity, output, "output " + output + " went to its safe state: " + description
                + (count > 1 ? " (" + count + " times in the last " + String.format(java.util.Locale.ROOT, "%.1f", intervalS) + " s)" : ""), data);
    }

    /** {@code count} deadline misses of a stage in the last {@code intervalS} seconds. */
    public static TelemetryEvent deadlineMisses(String stage, long count, double intervalS, double worstServiceUs) {
        return of(DEADLINE_MISSES, WARNING, stage, count + " deadline misses in the last " + String.format("%.1f", intervalS) + " s",
                Map.of("count", count, "interval_s", intervalS, "worst_service_us", worstServiceUs));
    }
}
