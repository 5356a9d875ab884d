package io.afferent.api;

/**
 * The run's log: human-readable lines on the run's log stream (stderr, coordinated with the live status line).
 * Thread-safe. Not for the hot path: log an event once and count the rest.
 */
public interface RunLog {
    void info(String message);

    void warn(String message);

    void error(String message);

    /** A log on {@link System.Logger} (for a plugin made outside a run, e.g. a unit test's own {@link Setup}). */
    static RunLog systemLogger(String name) {
        System.Logger l = System.getLogger(name);
        return new RunLog() {
            @Override
            public void info(String message) {
                l.log(System.Logger.Level.INFO, message);
            }

            @Override
            public void warn(String message) {
                l.log(System.Logger.Level.WARNING, message);
            }

            @Override
            public void error(String message) {
                l.log(System.Logger.Level.ERROR, message);
            }
        };
    }
}
