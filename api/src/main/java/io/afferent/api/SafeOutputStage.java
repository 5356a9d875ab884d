package io.afferent.api;

import io.afferent.api.msg.Digital;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The safety layer of every output ({@link OutputType}): a stage, on the output's thread, that hands the commands
 * of its topic to the {@link Actuator} only while it is safe to, and otherwise keeps the actuator in its
 * {@link SafeState}. State: the output starts safe and becomes active on its first accepted command; any safety
 * event makes it safe again. Every method on the output's thread; no allocation after the first event of each
 * kind (which is logged once, on the run's log: {@link Setup#log()}).
 */
public final class SafeOutputStage<C> implements Stage {
    /** Why the output went to its safe state: one counter (its key) and one log line each. */
    enum Reason {
        COMMAND_TIMEOUT("safe_command_timeout", "no command for longer than command_timeout"),
        ESTOP("safe_estop", "emergency stop pressed"),
        COMMAND_REFUSED("commands_refused", "command refused by the actuator (NaN, infinite or out of range)"),
        OUTPUT_ERROR("safe_output_error", "the actuator failed"),
        RESTART("safe_restart", "the output restarts after an error"),
        END_OF_RUN("safe_end_of_run", "end of the run");

        final String key;
        final String text;

        Reason(String key, String text) {
            this.key = key;
            this.text = text;
        }
    }

    private final String name;
    private final RunLog log;
    /** The one line of each reason, made at set-up so that the first event of a kind builds no string. */
    private final String[] lines = new String[Reason.values().length];
    private final Actuator<C> actuator;
    private final Clock clock;
    private final long timeoutNanos;
    private final SafeState safeState;
    private final Counter[] events = new Counter[Reason.values().length];
    private final boolean[] logged = new boolean[Reason.values().length];
    private final Counter written;
    private final Counter ignored;
    private boolean active;
    private boolean estop;
    /** Commands published before this (the e-stop's release) are not fresh. */
    private long freshAfterNanos = Long.MIN_VALUE;
    private long lastCommandNanos;

    private SafeOutputStage(StageSetup setup, OutputType<C> type) throws ConfigError {
        this.name = setup.name();
        Params p = setup.params();
        this.timeoutNanos = p.durationNanos("command_timeout", 100_000_000L, 1_000_000L, 60_000_000_000L);
        this.safeState = p.choice("safe_state", SafeState.BRAKE, Map.of("coast", SafeState.COAST, "brake", SafeState.BRAKE));
        this.clock = setup.clock();
        this.log = setup.log();
        for (Reason r : Reason.values()) {
            events[r.ordinal()] = setup.counter(r.key);
            lines[r.ordinal()] = "output " + name + ": " + safeState.name().toLowerCase(Locale.ROOT) + " ("
                    + r.text + "); further events of this kind are counted as " + r.key;
        }
        this.written = setup.counter("commands_written");
        this.ignored = setup.counter("commands_ignored");
        if (setup.inputs().isEmpty()) {
            throw setup.error("inputs: expected the command topic (" + type.command().name()
                    + ") and optionally digital e-stop topics");
        }
        this.actuator = type.factory().create(setup);
        for (String topic : setup.inputs()) {
            setup.subscribe(topic).on(type.command(), this::onCommand).on(Digital.TYPE, this::onEstop);
        }
    }

    /**
     * A reason an output goes to its safe state, as a reader of the output's counters sees it (telemetry's
     * {@code safety_stop} events): {@code counter} is the output's counter of such stops, {@code reason} a stable
     * name ({@code estop}, {@code command_timeout}, ...), {@code description} one line for people.
     */
    public record SafetyStop(String counter, String reason, String description) {
    }

    /** Every reason, in a fixed order. Any thread. */
    public static List<SafetyStop> safetyStops() {
        List<SafetyStop> all = new ArrayList<>();
        for (Reason r : Reason.values()) {
            all.add(new SafetyStop(r.key, r.name().toLowerCase(java.util.Locale.ROOT), r.text));
        }
        return List.copyOf(all);
    }

    /** The stage of an output of {@code type}: reads {@code command_timeout} and {@code safe_state}, then makes the actuator. */
    public static <C> Stage create(StageSetup setup, OutputType<C> type) throws ConfigError {
        return new SafeOutputStage<>(setup, type);
    }

    private void onCommand(C command, Input in) throws Exception {
        long now = clock.nanoTime();
        if (estop || in.publishedNanos() < freshAfterNanos) {
            ignored.increment();
            return;
        }
        if (!actuator.accepts(command)) {
            toSafe(Reason.COMMAND_REFUSED, now);
            return;
        }
        lastCommandNanos = in.publishedNanos();
        if (now - lastCommandNanos > timeoutNanos) {
            ignored.increment(); // arrived already stale
            if (active) {
                toSafe(Reason.COMMAND_TIMEOUT, now);
            }
            return;
        }
        try {
            actuator.write(command, now, in.originNanos());
        } catch (Throwable t) {
            toSafe(Reason.OUTPUT_ERROR, now);
            throw t;
        }
        written.increment();
        active = true;
    }

    private void onEstop(Digital d, Input in) throws Exception {
        if (d.high && !estop) {
            estop = true;
            toSafe(Reason.ESTOP, clock.nanoTime());
        } else if (!d.high && estop) {
            estop = false;
            freshAfterNanos = in.publishedNanos();
        }
    }

    @Override
    public void idle(long nowNanos) throws Exception {
        if (active && nowNanos - lastCommandNanos > timeoutNanos) {
            toSafe(Reason.COMMAND_TIMEOUT, nowNanos);
        }
    }

    /** Counts the event, logs its first occurrence, and puts the actuator in its safe state. */
    private void toSafe(Reason reason, long nowNanos) throws Exception {
        active = false;
        events[reason.ordinal()].increment();
        if (!logged[reason.ordinal()]) {
            logged[reason.ordinal()] = true;
            if (reason == Reason.END_OF_RUN) {
                log.info(lines[reason.ordinal()]);
            } else {
                log.warn(lines[reason.ordinal()]);
            }
        }
        actuator.safe(safeState, nowNanos);
    }

    @Override
    public void reset() {
        try {
            toSafe(Reason.RESTART, clock.nanoTime());
        } catch (Exception e) {
            log.error("output " + name + ": the safe state failed on restart: " + e);
        }
    }

    @Override
    public void close() {
        try {
            toSafe(Reason.END_OF_RUN, clock.nanoTime());
        } catch (Exception e) {
            log.error("output " + name + ": the safe state failed at the end of the run: " + e);
        }
        try {
            actuator.close();
        } catch (Exception e) {
            log.error("output " + name + ": closing failed: " + e);
        }
    }

    /** Whether commands are being written (false: safe state). */
    boolean active() {
        return active;
    }

    @Override
    public void appendStatus(StringBuilder sb) {
        sb.append(active ? " active" : estop ? " E-STOP" : " safe");
        actuator.appendStatus(sb);
    }
}
