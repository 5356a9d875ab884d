package io.afferent.api;

/**
 * Drives hardware (motors, a relay, a simulated drive) from the commands of one topic. An actuator only writes:
 * the safety layer around it ({@link OutputType}: command timeout, e-stop, safe state at the end, on errors and
 * restarts, refusal of invalid commands) decides what reaches it. Every method is called on the output's thread
 * ({@code stage-NAME}); {@link #write} and {@link #safe} must not allocate, block or log in steady state.
 *
 * @param <C> the command message type
 */
public interface Actuator<C> {
    /**
     * Whether {@code command} may be written (no NaN or infinity, within the actuator's range). A refused command is
     * never written: it is counted and the output goes to its safe state until the next valid command. An actuator
     * that clamps instead (a duty limit) does so in {@link #write} and returns true here.
     */
    boolean accepts(C command);

    /** Applies an accepted command; {@code nowNanos} is the run's clock (for rate limits, simulated motion). */
    void write(C command, long nowNanos) throws Exception;

    /**
     * Applies an accepted command whose cause, the sensor sample behind it, was acquired at {@code causeNanos} (the
     * message's {@link Input#originNanos()}, run clock). The safety layer calls this one; by default it is
     * {@link #write(Object, long)}. An actuator whose effect is scheduled against the cause (a simulated drive
     * applying each command at its cause's time plus a declared actuation delay, so that a run that keeps up is
     * deterministic) overrides it.
     */
    default void write(C command, long nowNanos, long causeNanos) throws Exception {
        write(command, nowNanos);
    }

    /**
     * Puts the hardware in its safe state at once (every wheel coasting or braking, a relay released). Called on
     * every safety event, also repeatedly; must work whatever happened before, including a failed {@link #write}.
     */
    void safe(SafeState state, long nowNanos) throws Exception;

    /** The run is over: release the hardware (after {@link #safe}). */
    default void close() throws Exception {
    }

    /** Reporter thread: a short live status (may race; should not allocate). */
    default void appendStatus(StringBuilder sb) {
    }
}
