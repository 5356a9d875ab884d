package io.afferent.api;

/**
 * Makes the actuator of an output from its profile entry (its {@code params}, minus the safety keys the output
 * layer reads: {@code command_timeout}, {@code safe_state}). Set-up thread.
 */
@FunctionalInterface
public interface ActuatorFactory<C> {
    Actuator<C> create(StageSetup setup) throws ConfigError;
}
