package io.afferent.record;

import io.afferent.api.ConfigError;
import io.afferent.api.ExtensionFactory;
import io.afferent.api.ExtensionSetup;
import io.afferent.api.MessageType;
import io.afferent.api.Params;
import io.afferent.api.TopicInfo;
import io.afferent.mcap.Compression;
import io.afferent.mcap.McapWriteException;
import io.afferent.mcap.McapWriter;
import io.afferent.mcap.McapWriterOptions;
import io.afferent.mcap.Ros2Schema;
import io.afferent.mcap.Ros2Schemas;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code record} extension: when the profile has {@code record:} (or the run was started with
 * {@code --record}) it opens {@code run.mcap} in the run's report directory and subscribes every topic through one
 * lagging sink thread, {@code sink-recorder}. Settings: {@code file} (default {@code run.mcap}, relative to the
 * report directory), {@code compression} ({@code lz4}, {@code zstd} or {@code none}; default lz4), {@code on_error}
 * ({@code continue}, the default: a write error or a file system nearly full during the run stops the recording,
 * logged and counted, and the run goes on; {@code stop}: the same, and then the run stops in order with that reason
 * and exit code 1).
 * Set-up thread.
 */
public final class RecordExtension implements ExtensionFactory {
    public static final String NAME = "record";
    /** The sink name every topic is recorded under: one thread, {@code sink-recorder}. */
    public static final String SINK = "recorder";
    public static final String METADATA = "afferent";
    static final long CHUNK_MAX_AGE_NANOS = 50_000_000L;

    @Override
    public void configure(ExtensionSetup setup) throws ConfigError {
        if (!setup.hasSection(NAME)) {
            return;
        }
        Params p = setup.section(NAME);
        String fileName = p.string("file", "run.mcap");
        Compression compression = p.choice("compression", Compression.LZ4,
                Map.of("lz4", Compression.LZ4, "zstd", Compression.ZSTD, "none", Compression.NONE));
        boolean stopRun = p.choice("on_error", false, Map.of("continue", false, "stop", true));
        p.rejectUnknownKeys();
        if (fileName.isBlank() || fileName.contains("/") || fileName.contains("\\")) {
            throw p.error("file", "'" + fileName + "' must be a plain file name (it is written in the run's report directory)");
        }
        Path file = setup.reportDir().resolve(fileName);
        McapWriterOptions options = options(compression, setup.clock());
        McapWriter writer;
        try {
            writer = McapWriter.open(file, options);
        } catch (McapWriteException e) {
            throw p.error("file", "cannot record: " + e.getMessage());
        }
        Recorder recorder = new Recorder(file, setup.reportDir(), writer, compression.name().toLowerCase(java.util.Locale.ROOT),
                setup.clock());
        if (stopRun) {
            recorder.stopRunOnError(setup.runStopper());
        }
        setup.onClose(recorder);
        try {
            writer.addMetadata(METADATA, metadata(setup, p, recorder));
            String profile = profileText(p);
            if (profile != null) {
                long now = recorder.wallStartNanos();
                writer.addAttachment(now, now, "profile.yaml", "application/yaml",
                        profile.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            for (TopicInfo t : setup.topics()) {
                add(setup, recorder, t, t.type());
            }
        } catch (IOException e) {
            throw p.error("file", "cannot record: " + e.getMessage());
        }
        setup.report(recorder);
    }

    /** The writer's options of a recording: chunks closed by age for the crash promise, the ROS 2 profile. */
    static McapWriterOptions options(Compression compression, io.afferent.api.Clock clock) {
        return McapWriterOptions.builder()
                .compression(compression)
                // Half the 100 ms promise: a message reaches the writer up to a sink idle period (5 ms) after its
                // publication, and a chunk is closed on the idle calls, so 50 ms keeps a kill's loss well inside 100 ms.
                .chunkMaxAgeNanos(CHUNK_MAX_AGE_NANOS)
                .profile(Ros2Schemas.PROFILE)
                .library("afferent record")
                .clock(clock::nanoTime)
                .build();
    }

    private static <M> void add(ExtensionSetup setup, Recorder recorder, TopicInfo t, MessageType<M> type)
            throws IOException, ConfigError {
        setup.sink(SINK, t.name(), type, topicRecorder(recorder, t, type));
    }

    /** The channels of one topic (exact, and the ROS 2 one of a built-in type) and the sink that writes them. */
    static <M> TopicRecorder<M> topicRecorder(Recorder recorder, TopicInfo t, MessageType<M> type) throws IOException {
        McapWriter w = recorder.writer();
        ExactCodec<M> exact = new ExactCodec<>(type);
        int exactSchema = Ros2Schemas.derive(exact.schema()).register(w);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("afferent_topic", t.name());
        meta.put("afferent_type", type.name());
        meta.put("afferent_publisher", t.publisher());
        int exactChannel = w.addChannel(exactSchema, "/afferent/" + t.name(), Ros2Schemas.MESSAGE_ENCODING, meta);
        Ros2Encoder<M> ros = type.javaClass().getPackageName().equals("io.afferent.api.msg")
                ? Ros2Encoder.forType(type.name()) : null;
        int rosChannel = -1;
        if (ros != null) {
            Ros2Schema s = ros.schema();
            rosChannel = w.addChannel(s.register(w), "/" + t.name(), Ros2Schemas.MESSAGE_ENCODING,
                    Map.of("offered_qos_profiles", ""));
        }
        TopicRecorder<M> r = new TopicRecorder<>(recorder, t.name(), type, exactChannel, ros, rosChannel);
        recorder.add(r);
        return r;
    }

    private static Map<String, String> metadata(ExtensionSetup setup, Params p, Recorder recorder) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("recorder", "afferent record");
        m.put("profile_file", profileFile(p) == null ? "" : profileFile(p).toString());
        m.put("start_epoch_ns", Long.toString(recorder.wallStartNanos()));
        m.put("host", hostName());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        m.put("cpus", Integer.toString(Runtime.getRuntime().availableProcessors()));
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        m.put("real_time", "see the summary.json attachment (settings, threads) written at the end of the run");
        StringBuilder topics = new StringBuilder();
        for (TopicInfo t : setup.topics()) {
            topics.append(topics.length() == 0 ? "" : ",").append(t.name()).append(':').append(t.type().name())
                    .append(':').append(t.publisher());
        }
        m.put("topics", topics.toString());
        return m;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The profile's file, from the section's location ({@code FILE:LINE:COL}). */
    static Path profileFile(Params p) {
        String loc = p.location();
        int c2 = loc.lastIndexOf(':');
        int c1 = c2 > 0 ? loc.lastIndexOf(':', c2 - 1) : -1;
        return c1 > 0 ? Path.of(loc.substring(0, c1)) : null;
    }

    private static String profileText(Params p) {
        Path f = profileFile(p);
        try {
            return f != null && Files.isRegularFile(f) ? Files.readString(f) : null;
        } catch (IOException e) {
            return null;
        }
    }
}
