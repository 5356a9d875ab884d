package io.afferent.api;

/**
 * Given to every plugin's {@link RunHook} once per run, before any source or stage is made: validate the sections
 * your plugin owns (so that a typo fails even when no source of yours uses it) and provide services.
 */
public interface RunSetup {
    Params section(String key);

    Clock clock();

    long originNanos();

    Robot robot();

    /** Whether the profile has a source or stage of {@code type}. */
    boolean uses(String type);

    /** Makes {@code service} available to every factory of this run through {@link Setup#service}. */
    <T> void provide(Class<T> type, T service);

    /** Runs {@code closer} at the end of the run. */
    void onClose(AutoCloseable closer);

    /** The run's log (see {@link Setup#log()}). */
    default RunLog log() {
        return RunLog.systemLogger("afferent");
    }
}
