package io.afferent.deploy.replay;

import io.afferent.mcap.McapFormatException;
import io.afferent.mcap.McapIndexedReader;
import io.afferent.mcap.McapReader;
import io.afferent.mcap.McapRecord;
import io.afferent.mcap.McapStreamReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A recording opened for replay: its summary (channels, counts, the time of its first message), its profile
 * attachment, and its {@code /afferent/TOPIC} messages read front to back, one chunk in memory at a time, into the
 * {@link TopicQueue}s of the topics replay needs (others are skipped). Single thread.
 */
final class RecordingFile implements AutoCloseable {
    private final Path file;
    /** Topic of each {@code /afferent/} channel, by channel id. */
    private final Map<Integer, String> topicOf = new HashMap<>();
    private final Map<String, String> typeOf = new HashMap<>();
    private final Map<String, Long> countOf = new HashMap<>();
    private final Map<String, List<TopicQueue>> queues = new HashMap<>();
    private final long firstLogTime;
    private final List<McapRecord.Attachment> attachments;
    private final List<McapRecord.Metadata> metadata;
    private McapStreamReader stream;
    /** The queues of each channel, by channel id (null: not needed), fixed when reading starts. */
    private TopicQueue[][] byChannel;
    private boolean ended;

    private RecordingFile(Path file, McapIndexedReader index) throws IOException {
        this.file = file;
        for (McapRecord.Channel ch : index.channels().values()) {
            String t = ch.metadata().get("afferent_topic");
            if (t != null && ch.topic().startsWith("/afferent/")) {
                topicOf.put(ch.id(), t);
                typeOf.putIfAbsent(t, ch.metadata().get("afferent_type"));
                Long n = index.statistics() == null ? null : index.statistics().channelMessageCounts().get(ch.id());
                countOf.merge(t, n == null ? 0L : n, Long::sum);
            }
        }
        this.firstLogTime = index.statistics() == null ? 0 : index.statistics().messageStartTime();
        this.attachments = index.readAttachments();
        this.metadata = index.readMetadata();
    }

    static RecordingFile open(Path file) throws Replay.ReplayException, IOException {
        if (!Files.exists(file)) {
            throw new Replay.ReplayException(file + " does not exist");
        }
        try (McapIndexedReader index = McapReader.indexed(file)) {
            if (!index.hasSummary()) {
                throw truncated(file, "it has no summary");
            }
            RecordingFile r = new RecordingFile(file, index);
            if (r.topicOf.isEmpty()) {
                throw new Replay.ReplayException(file + " has no afferent topics (/afferent/TOPIC channels): not a"
                        + " recording of afferent run --record");
            }
            return r;
        } catch (NoSuchFileException e) {
            throw new Replay.ReplayException(file + " does not exist");
        } catch (McapFormatException e) {
            if (e.getMessage() != null && e.getMessage().contains("no MCAP footer")) {
                throw truncated(file, "it has no MCAP footer");
            }
            throw new Replay.ReplayException(e.getMessage());
        }
    }

    private static Replay.ReplayException truncated(Path file, String why) {
        return new Replay.ReplayException(file + " is truncated (" + why + "): repair it first with"
                + " 'afferent record repair " + file + "'");
    }

    /** The type name a topic was recorded with, or null when the recording does not have the topic. */
    String typeOf(String topic) {
        return typeOf.get(topic);
    }

    /** How many messages the recording holds on a topic. */
    long count(String topic) {
        return countOf.getOrDefault(topic, 0L);
    }

    /** Log time (epoch ns) of the recording's first message. */
    long firstLogTime() {
        return firstLogTime;
    }

    /**
     * A queue of a topic's recorded messages, front to back; each call makes another (one per reader of it). Before
     * the first {@link #pull}.
     */
    TopicQueue queue(String topic) {
        if (stream != null) {
            throw new IllegalStateException("queues are made before reading starts");
        }
        TopicQueue q = new TopicQueue(topic, this);
        queues.computeIfAbsent(topic, k -> new ArrayList<>()).add(q);
        return q;
    }

    /** Reads on until one more needed message is queued; false at the end of the file. */
    boolean pull() throws Replay.ReplayException {
        if (ended) {
            return false;
        }
        try {
            if (stream == null) {
                byChannel = new TopicQueue[topicOf.keySet().stream().mapToInt(Integer::intValue).max().orElse(0) + 1][];
                topicOf.forEach((id, topic) -> {
                    List<TopicQueue> qs = queues.get(topic);
                    byChannel[id] = qs == null ? null : qs.toArray(new TopicQueue[0]);
                });
                stream = McapReader.stream(file).onlyChannels(id -> id < byChannel.length && byChannel[id] != null);
            }
            for (McapRecord rec; (rec = stream.next()) != null; ) {
                if (rec instanceof McapRecord.Message m) {
                    TopicQueue[] qs = m.channelId() < byChannel.length ? byChannel[m.channelId()] : null;
                    if (qs != null) {
                        for (TopicQueue q : qs) {
                            q.add(m);
                        }
                        return true;
                    }
                }
            }
        } catch (IOException e) {
            throw new Replay.ReplayException(file + ": " + e.getMessage());
        }
        ended = true;
        return false;
    }

    /** The recorded profile, written to a temporary file named as the original, for the profile loader. */
    Path recordedProfile() throws Replay.ReplayException, IOException {
        for (McapRecord.Attachment a : attachments) {
            if (a.name().equals("profile.yaml")) {
                String original = "";
                for (McapRecord.Metadata m : metadata) {
                    if (m.name().equals("afferent")) {
                        original = m.metadata().getOrDefault("profile_file", "");
                    }
                }
                Path dir = Files.createTempDirectory("afferent-replay-profile");
                String name = original.isEmpty() ? "recorded.yaml" : Path.of(original).getFileName().toString();
                Path p = dir.resolve(name);
                Files.write(p, a.data());
                return p;
            }
        }
        throw new Replay.ReplayException(file + " has no profile.yaml attachment: give the profile with --profile");
    }

    @Override
    public String toString() {
        return file.toString();
    }

    @Override
    public void close() throws IOException {
        if (stream != null) {
            stream.close();
        }
    }
}
