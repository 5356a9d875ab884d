package io.afferent.deploy.replay;

import io.afferent.api.ConfigError;
import io.afferent.config.ConfigException;
import io.afferent.config.Profile;
import io.afferent.config.ProfileLoader;
import io.afferent.deploy.Plugins;
import io.afferent.runtime.plugin.PluginException;
import io.afferent.runtime.plugin.PluginRegistry;
import io.afferent.runtime.plugin.ReplayAssembler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Replays a recording: the recorded source topics are fed, in each stage's recorded handling order
 * ({@code STAGE/order}) and with their recorded envelopes, into the stages of the recorded profile (or another
 * one), synchronously on one thread with a virtual clock set to each recorded handling time; every output the
 * stages publish is compared bit for bit with the recorded one. The file is read front to back, one chunk in memory
 * at a time ({@link RecordingFile}), so a long recording replays in a small heap. Use it from a test:
 *
 * <pre>{@code
 * Replay.Result r = Replay.of(Path.of("run.mcap")).verify();
 * assertTrue(r.identical(), r.describe());
 * }</pre>
 *
 * <p>Single thread.
 */
public final class Replay {
    /** A recording or profile that cannot be replayed; its message says why (a CLI prints it and exits 2). */
    public static final class ReplayException extends Exception {
        public ReplayException(String message) {
            super(message);
        }
    }

    /**
     * What a replay found. {@code divergence} is null when every output compared was identical. {@code replayNanos}
     * is the replay loop's wall time (feeding, handling, comparing, and reading the file as it goes);
     * {@code setupNanos} what came before it (opening the file, loading the profile, making the stages).
     */
    public record Result(long inputs, long compared, int topics, String divergence, double recordedSeconds,
                         double replayNanos, double setupNanos) {
        public boolean identical() {
            return divergence == null;
        }

        /** One line (or, for a divergence, a few) for a CLI or an assertion message. */
        public String describe() {
            return divergence == null
                    ? "identical: " + compared + " messages on " + topics + " topics (" + inputs + " inputs replayed)"
                    : "divergence: " + divergence;
        }

        /** Recorded time replayed per second of the replay loop. */
        public double speedFactor() {
            return replayNanos <= 0 ? Double.POSITIVE_INFINITY : recordedSeconds / (replayNanos * 1e-9);
        }

        /** Recorded time replayed per second of the whole replay, set-up included. */
        public double overallSpeedFactor() {
            double total = replayNanos + setupNanos;
            return total <= 0 ? Double.POSITIVE_INFINITY : recordedSeconds / (total * 1e-9);
        }
    }

    private final Path file;
    private Path profileFile;
    private double speed; // 0 = as fast as possible
    private double fromS = Double.NEGATIVE_INFINITY;
    private double toS = Double.POSITIVE_INFINITY;
    private List<Path> plugins = List.of();

    private Replay(Path file) {
        this.file = file;
    }

    public static Replay of(Path recording) {
        return new Replay(recording);
    }

    /** Replays into the stages of this profile instead of the recorded one (to try a change). */
    public Replay profile(Path profile) {
        this.profileFile = profile;
        return this;
    }

    /** 0 for as fast as the stages allow; 1 for real time; N for N times real time (inside the window). */
    public Replay speed(double factor) {
        this.speed = factor;
        return this;
    }

    /**
     * Compares only the outputs of handlings between these times, in seconds from the recording's first message.
     * The stages still run from the start of the recording (without comparing, as fast as they can), so that their
     * state when the window opens is the recorded one; the replay stops at its end.
     */
    public Replay window(double fromSeconds, double toSeconds) {
        this.fromS = fromSeconds;
        this.toS = toSeconds;
        return this;
    }

    public Replay plugins(List<Path> jars) {
        this.plugins = List.copyOf(jars);
        return this;
    }

    /** Replays and compares every output; never throws for a divergence (see {@link Result#identical()}). */
    public Result verify() throws ReplayException, IOException {
        long start = System.nanoTime();
        try (RecordingFile recording = RecordingFile.open(file)) {
            Path profilePath = profileFile != null ? profileFile : recording.recordedProfile();
            PluginRegistry registry;
            Profile profile;
            try {
                registry = Plugins.load(profilePath, plugins);
                profile = new ProfileLoader(registry.catalog()).load(profilePath);
            } catch (PluginException e) {
                throw new ReplayException(e.getMessage());
            } catch (ConfigException e) {
                throw new ReplayException("profile " + profilePath + ": " + e.getMessage());
            }
            VirtualClock clock = new VirtualClock();
            ReplayAssembler.ReplayPlan plan;
            try {
                plan = ReplayAssembler.assemble(profile, registry, clock, 0, Files.createTempDirectory("afferent-replay"));
            } catch (ConfigError e) {
                throw new ReplayException("profile " + profilePath + ": " + e.getMessage());
            }
            try {
                ReplayLoop loop = new ReplayLoop(plan, clock, recording, speed, fromS, toS);
                return loop.run(System.nanoTime() - start);
            } finally {
                plan.run().close();
            }
        }
    }
}
