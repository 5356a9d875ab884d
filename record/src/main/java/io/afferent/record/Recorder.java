package io.afferent.record;

import io.afferent.api.Clock;
import io.afferent.api.ReportSection;
import io.afferent.mcap.CdrWriter;
import io.afferent.mcap.McapWriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run's recording: the MCAP writer every {@link TopicRecorder} writes into, the mapping from the run clock to
 * epoch time, the failure state and the {@code recording} entry of {@code summary.json}. Closed after the run's
 * report exists, so that {@code summary.json} goes into the file as an attachment.
 *
 * <p>Single thread: the recorder's sink thread ({@code sink-recorder}) writes; {@link #summary()} and
 * {@link #close()} run on the main thread after that thread stopped.
 */
final class Recorder implements ReportSection, AutoCloseable {
    /** How often, at most, the recorder asks the writer whether the open chunk must be closed. */
    private static final long FLUSH_CHECK_NANOS = 1_000_000L;
    /** How often the recorder asks the file system how much space is left. */
    private static final long SPACE_CHECK_NANOS = 1_000_000_000L;
    /**
     * Space the recording leaves on its file system for the run's report (timing.hlog, summary.json) and the file's
     * own summary and index: it stops, in order and with a complete file, when less than this is left.
     */
    static final long RESERVE_BYTES = 4L << 20;
    private final Path file;
    private final Path reportDir;
    private final McapWriter writer;
    private final String compression;
    private final long wallStartNanos;
    private final long clockStartNanos;
    final CdrWriter cdr = new CdrWriter(4096);
    private final List<TopicRecorder<?>> topics = new ArrayList<>();
    private long lastFlushCheck = Long.MIN_VALUE;
    private long lastSpaceCheck = Long.MIN_VALUE;
    private final java.nio.file.FileStore store;
    private boolean stopped;
    private String stopReason;
    private long stoppedAtNanos;
    private io.afferent.api.RunStopper runStopper;
    private long firstLogTime = Long.MAX_VALUE;
    private long lastLogTime = Long.MIN_VALUE;

    Recorder(Path file, Path reportDir, McapWriter writer, String compression, Clock clock) {
        this.file = file;
        this.reportDir = reportDir;
        this.writer = writer;
        this.compression = compression;
        this.clockStartNanos = clock.nanoTime();
        this.wallStartNanos = System.currentTimeMillis() * 1_000_000L;
        java.nio.file.FileStore fs;
        try {
            fs = Files.getFileStore(file.toAbsolutePath().getParent());
        } catch (IOException | RuntimeException e) {
            fs = null; // a file store that cannot be asked: only a write error stops the recording
        }
        this.store = fs;
    }

    /** {@code record.on_error: stop}: a stop of the recording stops the run in order, with its reason. Set-up thread. */
    void stopRunOnError(io.afferent.api.RunStopper stopper) {
        this.runStopper = stopper;
    }

    McapWriter writer() {
        return writer;
    }

    void add(TopicRecorder<?> t) {
        topics.add(t);
    }

    /** A time on the run clock as nanoseconds since the epoch. */
    long epochNanos(long runClockNanos) {
        return wallStartNanos + (runClockNanos - clockStartNanos);
    }

    long wallStartNanos() {
        return wallStartNanos;
    }

    /** A message was written with this log time (epoch ns). */
    void wrote(long logTime) {
        if (logTime < firstLogTime) {
            firstLogTime = logTime;
        }
        if (logTime > lastLogTime) {
            lastLogTime = logTime;
        }
    }

    /** File bytes per second of recorded time (first to last message); 0 before two messages. */
    double bytesPerSecond() {
        return lastLogTime > firstLogTime ? writer.bytesWritten() / ((lastLogTime - firstLogTime) * 1e-9) : 0;
    }

    boolean stopped() {
        return stopped;
    }

    /**
     * A write failed: the recording stops here (the file keeps every complete chunk before; what the failed chunk
     * held is counted as not written, per topic), logged once; the run goes on. Sink thread.
     */
    void failed(IOException e) {
        stop(String.valueOf(e.getMessage()));
    }

    private void stop(String reason) {
        if (!stopped) {
            stopped = true;
            stopReason = reason;
            stoppedAtNanos = lastLogTime;
            for (TopicRecorder<?> t : topics) {
                t.stopped(writer);
            }
            if (runStopper == null) {
                System.err.println("afferent: recording stopped, the run goes on: " + stopReason);
            } else {
                System.err.println("afferent: recording stopped, the run stops (record.on_error: stop): " + stopReason);
                runStopper.stopRun("recording stopped (record.on_error: stop): " + stopReason);
            }
        }
    }

    /** Sink thread, once a second: too little space left stops the recording with every message so far written. */
    private void checkSpace(long nowNanos) {
        if (store == null || (lastSpaceCheck != Long.MIN_VALUE && nowNanos - lastSpaceCheck < SPACE_CHECK_NANOS)) {
            return;
        }
        lastSpaceCheck = nowNanos;
        long free;
        try {
            free = store.getUsableSpace();
        } catch (IOException e) {
            return;
        }
        if (free < RESERVE_BYTES) {
            try {
                writer.flush();
            } catch (IOException e) {
                failed(e);
                return;
            }
            stop("the file system of " + file.toAbsolutePath().getParent() + " has " + free / 1024 + " KiB left, less"
                    + " than the " + RESERVE_BYTES / 1048576 + " MiB the recording leaves for the run's report"
                    + " (the file is complete up to here)");
        }
    }

    /** Sink thread, about every 5 ms: closes the open chunk before it gets older than 100 ms. */
    void idle(long nowNanos) {
        // (the first call always checks: nowNanos - Long.MIN_VALUE overflows to a negative difference)
        if (stopped || (lastFlushCheck != Long.MIN_VALUE && nowNanos - lastFlushCheck < FLUSH_CHECK_NANOS)) {
            return;
        }
        lastFlushCheck = nowNanos;
        try {
            writer.flushIfOlderThan(nowNanos);
        } catch (IOException e) {
            failed(e);
            return;
        }
        checkSpace(nowNanos);
    }

    @Override
    public String name() {
        return "recording";
    }

    @Override
    public Object summary() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", file.toString());
        m.put("compression", compression);
        m.put("bytes", writer.bytesWritten());
        m.put("bytes_per_s", Math.round(bytesPerSecond()));
        m.put("state", stopped ? "stopped: " + stopReason : "complete");
        long recorded = 0;
        long dropped = 0;
        long notWritten = 0;
        Map<String, Object> byTopic = new LinkedHashMap<>();
        for (TopicRecorder<?> t : topics) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("published", t.recorded() + t.dropped());
            e.put("recorded", t.recorded());
            e.put("recorder_dropped", t.dropped());
            if (stopped) {
                e.put("not_written", t.notWritten());
            }
            byTopic.put(t.topic(), e);
            recorded += t.recorded();
            dropped += t.dropped();
            notWritten += t.notWritten();
        }
        m.put("messages", recorded);
        m.put("recorder_dropped", dropped);
        if (stopped) {
            // seconds of recording (first to last message written) when it stopped; the messages it lost then and after
            m.put("stopped_after_s", firstLogTime == Long.MAX_VALUE ? 0 : (stoppedAtNanos - firstLogTime) * 1e-9);
            m.put("not_written", notWritten);
        }
        m.put("topics", byTopic);
        return m;
    }

    @Override
    public void appendText(StringBuilder sb) {
        long recorded = 0;
        long dropped = 0;
        for (TopicRecorder<?> t : topics) {
            recorded += t.recorded();
            dropped += t.dropped();
        }
        double bps = bytesPerSecond();
        sb.append(String.format("recording: %s, %d messages, %d dropped by the recorder, %.1f MiB, %.0f kB/s (a 32 GB"
                        + " card: %.1f h)%s%n", file, recorded, dropped, writer.bytesWritten() / 1048576.0, bps / 1000,
                bps > 0 ? 32e9 / bps / 3600 : 0, stopped ? " (stopped: " + stopReason + ")" : ""));
    }

    /** Main thread, after the report: attaches summary.json and closes the file (summary, index, footer). */
    @Override
    public void close() throws IOException {
        try {
            if (!writer.failed()) {
                Path summary = reportDir.resolve("summary.json");
                if (Files.isRegularFile(summary)) {
                    long now = System.currentTimeMillis() * 1_000_000L;
                    writer.addAttachment(now, now, "summary.json", "application/json", Files.readAllBytes(summary));
                }
            }
        } finally {
            writer.close();
        }
    }
}
