package io.afferent.runtime.thread;

import java.io.PrintStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/**
 * Human-readable log lines on stderr, coordinated with the live status line (which a log line clears
 * and the next status refresh redraws). Thread-safe. Not for the hot path: callers rate-limit.
 */
public final class Log {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    private static PrintStream out = System.err;
    private static boolean statusShown;

    private Log() {
    }

    /** Tests and the CLI may redirect the log. */
    public static synchronized void redirect(PrintStream stream) {
        out = stream;
        statusShown = false;
    }

    public static synchronized void info(String message) {
        line("INFO ", message);
    }

    public static synchronized void warn(String message) {
        line("WARN ", message);
    }

    public static synchronized void error(String message) {
        line("ERROR", message);
    }

    private static void line(String level, String message) {
        clearStatus();
        out.println(LocalTime.now().format(TIME) + " " + level + " [" + Thread.currentThread().getName() + "] " + message);
        out.flush();
    }

    /** Redraws the one-line live status in place (terminal only). */
    public static synchronized void status(CharSequence line) {
        out.print('\r');
        out.append(line);
        out.print("\u001b[K");
        out.flush();
        statusShown = true;
    }

    public static synchronized void clearStatus() {
        if (statusShown) {
            out.print("\r\u001b[K");
            statusShown = false;
        }
    }
}
