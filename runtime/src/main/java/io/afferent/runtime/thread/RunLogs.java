package io.afferent.runtime.thread;

import io.afferent.api.RunLog;

/** The API's {@link RunLog} on Afferent's own {@link Log}. Thread-safe. */
public final class RunLogs {
    /** Every line on {@link Log}, with the calling thread's name as every log line has. */
    public static final RunLog LOG = new RunLog() {
        @Override
        public void info(String message) {
            Log.info(message);
        }

        @Override
        public void warn(String message) {
            Log.warn(message);
        }

        @Override
        public void error(String message) {
            Log.error(message);
        }
    };

    private RunLogs() {
    }
}
