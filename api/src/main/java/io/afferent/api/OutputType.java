package io.afferent.api;

/**
 * An output (actuator) type a plugin registers with {@link Registry#output}: its name in profiles
 * ({@code type: gpio-motors}), the message type of its commands, and the factory of its {@link Actuator}.
 *
 * <p>An output is a stage with no output ports: it is listed under {@code stages:}, subscribes its command topic
 * (and any {@code digital} topics, which act as emergency stops: high means stop) in {@code inputs:}, runs on its
 * own thread under a deadline budget, and gets the stage's timing report (queue latency, service time, misses)
 * and, per chain, the latency from the acquisition of the sensor sample behind a command to the moment the
 * actuator wrote it. Around the actuator, every output type gets the same safety layer ({@link SafeOutputStage}):
 * <ul>
 * <li>{@code command_timeout} (default 100 ms): when the last command was published longer ago than this, the
 * output goes to its safe state (checked after every command and every idle wait of the output's thread: use
 * {@code wait: sleep}, {@code backoff} or {@code spin} so that it is checked within 1 ms);</li>
 * <li>an e-stop input going high: the safe state at once, and commands are ignored until it is low again and a
 * command published after the release arrives;</li>
 * <li>a command the actuator does not accept (NaN, infinite, out of range): never written, counted, safe state;</li>
 * <li>an exception of the actuator, a restart of the output (on_error: restart), the end of the run (also after
 * SIGTERM, which ends the run in order) and the run stopping on another thread's error: safe state;</li>
 * <li>{@code safe_state: coast | brake} (default brake) says which.</li>
 * </ul>
 * A stage upstream that fails or restarts stops publishing commands, so the timeout covers it. Each event is
 * counted under the output's name ({@code safe_command_timeout}, {@code safe_estop}, {@code commands_refused},
 * ...; the counters go to the report and {@code summary.json}) and logged once per reason with the reason.
 *
 * @param <C> the command message type
 */
public record OutputType<C>(String name, MessageType<C> command, ActuatorFactory<C> factory) {
    /** The stage type the registry adds for this output: the safety layer around the actuator, no output ports. */
    public StageType stageType() {
        return StageType.of(name, setup -> SafeOutputStage.create(setup, this)).actuating();
    }
}
