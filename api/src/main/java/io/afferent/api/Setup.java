package io.afferent.api;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What a factory gets when the run is assembled, before any thread starts. Set-up thread only: keep nothing of
 * it for the hot path but what it hands out (counters, outputs, the clock).
 */
public interface Setup {
    /** The name of the source, stage or extension being made (its key in the profile). */
    String name();

    /** Its {@code params}; read every key you accept, then {@link Params#rejectUnknownKeys()}. */
    Params params();

    /** The run's clock (live or virtual). */
    Clock clock();

    /**
     * The run's time origin on {@link #clock()}: shortly before the readers' timelines start. A simulated world
     * starts its course here.
     */
    long originNanos();

    Robot robot();

    /** A top-level section of the profile (e.g. {@code sim}), for the plugin that owns it; empty params when absent. */
    Params section(String key);

    /** Whether the profile has the top-level section {@code key} (or the command line turned it on, as {@code --record}). */
    default boolean hasSection(String key) {
        return !section(key).keys().isEmpty();
    }

    /** The run's report directory (created before any factory runs). */
    Path reportDir();

    /** A counter listed in the report under this source's or stage's name. */
    Counter counter(String name);

    /**
     * A per-run object shared by every factory that asks for the same key (a GPIO context, a serial bus): made by
     * {@code make} on first use, closed at the end of the run when it is {@link AutoCloseable}.
     */
    <T> T shared(Class<T> key, Supplier<T> make);

    /** A service another plugin provided for this run ({@link RunSetup#provide}), e.g. the simulator's ground truth. */
    <T> Optional<T> service(Class<T> type);

    /** Runs {@code closer} at the end of the run, after every thread stopped, in reverse order of registration. */
    void onClose(AutoCloseable closer);

    /**
     * Ends the run in order with a reason and exit code 1 ({@link RunStopper}); keep it for any thread. A set-up
     * outside a run (a tool, a test harness) has none to stop: its stopper throws {@link IllegalStateException}.
     */
    default RunStopper runStopper() {
        return reason -> {
            throw new IllegalStateException("no run to stop (" + reason + ")");
        };
    }

    /**
     * The run's log, for events worth a line (a safety stop, a waypoint reached): once per event, never per message.
     * The default, for a {@code Setup} made outside a run, logs on {@link System.Logger}.
     */
    default RunLog log() {
        return RunLog.systemLogger("afferent." + name());
    }

    /** A configuration error located at this element of the profile. */
    ConfigError error(String message);
}
