package io.afferent.api;

/**
 * An output toggled by a stage thread after each message of the stage's first input, its cycle (a GPIO pin an
 * oscilloscope watches), set by a
 * stage's {@code heartbeat:} entry in the profile. The drivers plugin provides the {@link Factory} as a run service;
 * a profile asking for a heartbeat without one is a configuration error. {@link #beat} is called on the stage thread.
 */
public interface Heartbeat {
    void beat(long nowNanos);

    /** Run service that makes heartbeats from a stage's {@code heartbeat:} map. Set-up thread. */
    interface Factory {
        Heartbeat create(String stageName, Params heartbeat) throws ConfigError;
    }
}
